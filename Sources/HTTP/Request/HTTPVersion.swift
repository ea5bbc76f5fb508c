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

extension HTTPVersion {
    /// What the bytes of an `HTTP-version` (RFC 9112 §2.3) are, shared by the request and response parsers.
    enum Classified {
        case supported(HTTPVersion)
        /// Well-formed but not HTTP/1.x.
        case unsupported
        case malformed
    }

    /// `HTTP/1.0` and `HTTP/1.x` (x ≥ 1, treated as 1.1) are supported; `HTTP/<digit>.<digit>` otherwise is
    /// unsupported; anything else is malformed (the name is case-sensitive).
    static func classify(_ bytes: ArraySlice<UInt8>) -> Classified {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8),
              case let major = bytes[bytes.startIndex + 5], digits.contains(major),
              bytes[bytes.startIndex + 6] == UInt8(ascii: "."),
              case let minor = bytes[bytes.startIndex + 7], digits.contains(minor) else {
            return .malformed
        }
        guard major == UInt8(ascii: "1") else { return .unsupported }
        return .supported(minor == UInt8(ascii: "0") ? .http10 : .http11)
    }
}
