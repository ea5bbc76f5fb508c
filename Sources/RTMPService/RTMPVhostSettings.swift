import Live

/// What an RTMP connection needs from its vhost's config, resolved once per connection.
public struct RTMPVhostSettings: Equatable, Sendable {
    public var name: String
    public var enabled: Bool
    /// Out chunk size sent as SetChunkSize before the connect `_result`.
    public var chunkSize: UInt32
    /// Sent as WindowAckSize to the client (0 = don't send).
    public var outAckSize: UInt32
    /// Our own ack window for what the client sends (0 = only when the client asks).
    public var inAckSize: UInt32
    public var tcpNoDelay: Bool
    public var play: PlaySettings
    public var firstPacketTimeoutMillis: Int64
    public var normalTimeoutMillis: Int64
    /// `publish.kickoff_for_idle`: a publisher with no player for this long is disconnected (0 = never).
    public var kickoffForIdleMillis: Int64 = 0
    public var security: SecurityPolicy
    /// `cluster.origin_cluster`: players of streams not published here are redirected to a coworker.
    public var originCluster: Bool = false
    /// Edge `token_traverse`: an origin must accept the client before it is served.
    public var tokenTraverse: Bool = false

    public init(name: String, enabled: Bool = true, chunkSize: UInt32 = 60000, outAckSize: UInt32 = 2_500_000,
                inAckSize: UInt32 = 0, tcpNoDelay: Bool = false, play: PlaySettings = PlaySettings(),
                firstPacketTimeoutMillis: Int64 = 20_000, normalTimeoutMillis: Int64 = 5_000,
                security: SecurityPolicy = SecurityPolicy()) {
        self.name = name
        self.enabled = enabled
        self.chunkSize = chunkSize
        self.outAckSize = outAckSize
        self.inAckSize = inAckSize
        self.tcpNoDelay = tcpNoDelay
        self.play = play
        self.firstPacketTimeoutMillis = firstPacketTimeoutMillis
        self.normalTimeoutMillis = normalTimeoutMillis
        self.security = security
    }
}
