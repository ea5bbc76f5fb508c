/// How a response body is delimited (RFC 9112 §6.3), decided once its head is parsed.
public enum HTTPBodyFraming: Equatable, Sendable {
    /// No body at all: a response to HEAD, or status 1xx, 204 or 304 (RFC 9112 §6.3 rule 1).
    case noBody
    /// Exactly this many bytes (RFC 9112 §6.3 rule 6); 0 is an empty body.
    case contentLength(Int)
    /// `Transfer-Encoding: chunked` (RFC 9112 §7.1); the parser removes the framing.
    case chunked
    /// No length given: the body ends when the server closes the connection (RFC 9112 §6.3 rule 8).
    case untilClose
}
