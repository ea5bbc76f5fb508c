/// An edge stream's upstream as `/api/v1/streams` shows it (beyond SRS, which shows nothing):
/// `"upstream":{"direction":"pull","state":"pulling","origin":"10.0.0.1:1935",...}`.
public struct UpstreamSnapshot: Sendable, Equatable {
    /// `pull` (players here, origin upstream) or `push` (publisher here).
    public var direction: String
    /// `connecting`, `pulling`, `pushing`, `waiting` (between attempts), `stopped`.
    public var state: String
    public var origin: String
    public var bytes: Int64
    public var reconnects: Int64
    public var redirects: Int64
    public var lastError: String

    public init(direction: String, state: String, origin: String, bytes: Int64, reconnects: Int64, redirects: Int64,
                lastError: String) {
        self.direction = direction
        self.state = state
        self.origin = origin
        self.bytes = bytes
        self.reconnects = reconnects
        self.redirects = redirects
        self.lastError = lastError
    }
}
