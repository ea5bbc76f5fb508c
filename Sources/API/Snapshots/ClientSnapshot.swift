/// One client as `/api/v1/clients/` lists it (SRS `SrsStatisticClient::dumps`).
public struct ClientSnapshot: Sendable, Equatable {
    /// The connection's 8-character context id.
    public var id: String
    /// Vhost id (`vid-…`), not its name.
    public var vhost: String
    /// Stream id (`vid-…`).
    public var stream: String
    public var ip: String
    public var pageUrl: String
    public var swfUrl: String
    public var tcUrl: String
    /// `/app/stream` (vhost prefix when not default).
    public var url: String
    public var name: String
    /// SRS client type string, e.g. `fmle-publish`, `rtmp-play`, `flv-play`.
    public var type: String
    public var publish: Bool
    /// Seconds since the client connected (printed with 2 decimals).
    public var alive: Double
    public var sendBytes: Int64
    public var recvBytes: Int64
    public var kbps: KbpsSnapshot
    /// Beyond SRS: media messages dropped because the client fell behind (`dropped`, after
    /// SRS's fields).
    public var dropped: Int64

    public init(id: String, vhost: String, stream: String, ip: String, pageUrl: String = "", swfUrl: String = "",
                tcUrl: String, url: String, name: String, type: String, publish: Bool, alive: Double,
                sendBytes: Int64 = 0, recvBytes: Int64 = 0, kbps: KbpsSnapshot = KbpsSnapshot(),
                dropped: Int64 = 0) {
        self.id = id
        self.vhost = vhost
        self.stream = stream
        self.ip = ip
        self.pageUrl = pageUrl
        self.swfUrl = swfUrl
        self.tcUrl = tcUrl
        self.url = url
        self.name = name
        self.type = type
        self.publish = publish
        self.alive = alive
        self.sendBytes = sendBytes
        self.recvBytes = recvBytes
        self.kbps = kbps
        self.dropped = dropped
    }
}
