/// One vhost as `/api/v1/vhosts/` lists it (SRS `SrsStatisticVhost::dumps`).
public struct VhostSnapshot: Sendable, Equatable {
    /// `vid-xxxxxxx`.
    public var id: String
    public var name: String
    public var enabled: Bool
    public var clients: Int64
    public var streams: Int64
    public var sendBytes: Int64
    public var recvBytes: Int64
    public var kbps: KbpsSnapshot
    public var hlsEnabled: Bool
    /// `hls_fragment` in seconds; printed only when HLS is enabled.
    public var hlsFragment: Double

    public init(id: String, name: String, enabled: Bool = true, clients: Int64 = 0, streams: Int64 = 0,
                sendBytes: Int64 = 0, recvBytes: Int64 = 0, kbps: KbpsSnapshot = KbpsSnapshot(),
                hlsEnabled: Bool = false, hlsFragment: Double = 10) {
        self.id = id
        self.name = name
        self.enabled = enabled
        self.clients = clients
        self.streams = streams
        self.sendBytes = sendBytes
        self.recvBytes = recvBytes
        self.kbps = kbps
        self.hlsEnabled = hlsEnabled
        self.hlsFragment = hlsFragment
    }
}
