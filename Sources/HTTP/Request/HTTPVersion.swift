/// The request's protocol version; only HTTP/1.x is spoken (RFC 9112 §2.3).
public enum HTTPVersion: Equatable, Sendable, CustomStringConvertible {
    case http10
    /// HTTP/1.1, and any later 1.x minor version (RFC 9110 §2.5: handled as the highest we implement).
    case http11

    public var description: String {
        switch self {
        case .http10: "HTTP/1.0"
        case .http11: "HTTP/1.1"
        }
    }
}
