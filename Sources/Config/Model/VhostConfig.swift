/// One `vhost NAME {}`; `__defaultVhost__` serves hosts that have no vhost of their own.
public struct VhostConfig: Equatable, Sendable {
    /// The fallback vhost name.
    public static let defaultName = "__defaultVhost__"

    public var name: String
    /// A disabled vhost rejects clients (SRS ERROR_RTMP_VHOST_NOT_FOUND).
    public var enabled: Bool
    /// RTMP output chunk size (the global chunk_size unless set here).
    public var chunkSize: Int
    /// "Realtime" mode: smaller merged writes (mw_msgs defaults to 0).
    public var minLatency: Bool
    public var tcpNodelay: Bool
    /// Server-side receive acknowledgement window; 0 = don't set.
    public var inAckSize: Int
    /// WindowAckSize sent to clients.
    public var outAckSize: Int
    public var play: PlayConfig
    public var publish: PublishConfig
    public var httpRemux: HTTPRemuxConfig
    public var hls: HLSConfig
    public var dvr: DVRConfig
    public var cluster: ClusterConfig
    public var security: SecurityConfig
    public var httpHooks: HTTPHooksConfig = .defaults
    public var forward: ForwardConfig = .defaults

    /// An empty `vhost NAME {}` block: every default, chunk size inherited from the server.
    public static func defaults(name: String, chunkSize: Int = ServerConfig.defaults.chunkSize) -> VhostConfig {
        VhostConfig(
            name: name, enabled: true, chunkSize: chunkSize, minLatency: false, tcpNodelay: false,
            inAckSize: 0, outAckSize: 2_500_000, play: .defaults, publish: .defaults,
            httpRemux: .defaults, hls: .defaults, dvr: .defaults, cluster: .defaults, security: .defaults
        )
    }
}
