/// What the API and the exporter show of an edge stream's upstream.
public struct UpstreamStatus: Equatable, Sendable {
    public enum State: String, Sendable {
        case connecting, pulling, pushing, waiting, stopped
    }

    public var direction: String
    public var state: State
    /// The origin currently (or last) used, `host:port`.
    public var origin: String
    public var bytes: UInt64
    /// Upstream sessions after the first that were not a followed redirect (failovers, retries).
    public var reconnects: Int
    public var redirects: Int
    public var lastError: String

    public init(direction: String, state: State, origin: String, bytes: UInt64, reconnects: Int, redirects: Int,
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
