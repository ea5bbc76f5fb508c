/// A received final response's status line and header section (RFC 9112 §4, §5).
public struct HTTPClientResponseHead: Sendable {
    public var version: HTTPVersion
    public var status: HTTPStatus
    /// The reason phrase as sent (possibly empty); informational only (RFC 9112 §4).
    public var reason: String
    /// Fields in the order received, names as spelled by the server.
    public var headers: HTTPHeaders
    public var framing: HTTPBodyFraming

    public init(version: HTTPVersion, status: HTTPStatus, reason: String, headers: HTTPHeaders,
                framing: HTTPBodyFraming) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.framing = framing
    }

    /// Whether the status is a redirect the client may follow with `Location` (RFC 9110 §15.4: 301, 302,
    /// 303, 307, 308).
    public var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status.code) }

    /// The first `Location` value, to resolve with `HTTPURL.resolving(_:)`.
    public var location: String? { headers["Location"] }
}
