/// Every failure of the HTTP client's wire pieces: URLs, and responses that cannot be framed or trusted.
///
/// Each case names the part of the message at fault and carries the offending text (quoted and cut in
/// `description`), so a log line says what the upstream sent, not just that it was wrong.
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in a response a problem was found.
    public enum Part: String, Sendable {
        case statusLine = "status line"
        case headerSection = "header section"
        case body = "body"
        case chunkHeader = "chunk header"
        case chunkData = "chunk data"
        case trailerSection = "trailer section"
    }

    // URLs (RFC 3986)
    /// Text that is not an `http(s)://host[:port][/path][?query]` URL, or a reference that cannot be
    /// resolved into one; `reason` says which component is wrong.
    case invalidURL(String, reason: String)
    /// A URL or redirect whose scheme is not http or https.
    case unsupportedScheme(String)

    // Status line (RFC 9112 §4)
    /// A status line that is not `HTTP-version SP status-code [SP reason-phrase]`.
    case malformedStatusLine(String)
    /// A well-formed version other than HTTP/1.x.
    case unsupportedVersion(String)
    /// A status code that is not three digits in 100...599 (RFC 9110 §15).
    case invalidStatusCode(String)
    /// A 101 Switching Protocols to a request that asked for no upgrade (RFC 9110 §15.2.2).
    case unexpectedSwitchingProtocols

    // Header section (RFC 9112 §5)
    /// A status line and header section larger than `HTTPClientLimits.headBytes`.
    case headTooLarge(limit: Int)
    /// More header fields than `HTTPClientLimits.headerCount`.
    case tooManyHeaders(limit: Int)
    /// A header line without a colon, or whose name is not a token.
    case invalidHeaderName(String)
    /// A header value with a control character.
    case invalidHeaderValue(name: String)
    /// A header line starting with whitespace (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A CR not followed by LF inside a line of `part`.
    case bareCarriageReturn(Part)

    // Body framing (RFC 9112 §6, §7.1)
    /// A Content-Length that is not digits, overflows, or disagrees with another one (RFC 9112 §6.3).
    case invalidContentLength(String)
    /// Both Transfer-Encoding and Content-Length, a response splitting vector (RFC 9112 §6.3 rule 3).
    case transferEncodingWithContentLength
    /// Transfer codings other than exactly `chunked` (we decode no compression codings).
    case unsupportedTransferEncoding(String)
    /// A chunk-size line (with its extensions) longer than `HTTPClientLimits.chunkHeaderBytes`.
    case chunkHeaderTooLong(limit: Int)
    /// A chunk-size line that is not `1*HEXDIG [chunk-ext]`, or a size that overflows.
    case invalidChunkSize(String)
    /// Chunk data not followed by CRLF: the declared size was wrong.
    case missingCRLFAfterChunkData
    /// A trailer section larger than `HTTPClientLimits.trailerBytes`.
    case trailerSectionTooLarge(limit: Int)
    /// A buffered body longer than `HTTPClientLimits.bodyBytes` (announced, or received so far).
    case bodyTooLarge(length: Int, limit: Int)

    // End of stream
    /// The connection closed before the response head was complete, after `received` bytes.
    case truncatedHead(received: Int)
    /// The connection closed inside `part` of the body, after `received` body bytes of `expected` (nil when
    /// the body is chunked).
    case truncatedBody(part: Part, received: Int, expected: Int?)

    public var description: String {
        switch self {
        case .invalidURL(let text, let reason): "http client: invalid URL \(quoted(text)): \(reason)"
        case .unsupportedScheme(let scheme): "http client: unsupported URL scheme \(quoted(scheme))"
        case .malformedStatusLine(let line): "http client: malformed status line \(quoted(line))"
        case .unsupportedVersion(let version): "http client: unsupported response version \(quoted(version))"
        case .invalidStatusCode(let code): "http client: invalid status code \(quoted(code))"
        case .unexpectedSwitchingProtocols: "http client: 101 Switching Protocols to a request without Upgrade"
        case .headTooLarge(let limit): "http client: response head larger than \(limit) bytes"
        case .tooManyHeaders(let limit): "http client: more than \(limit) response header fields"
        case .invalidHeaderName(let line): "http client: invalid response header line \(quoted(line))"
        case .invalidHeaderValue(let name): "http client: invalid character in value of response header \(quoted(name))"
        case .obsoleteLineFolding: "http client: obsolete line folding in response header section"
        case .bareCarriageReturn(let part): "http client: bare CR or control character in the \(part.rawValue)"
        case .invalidContentLength(let value): "http client: invalid response Content-Length \(quoted(value))"
        case .transferEncodingWithContentLength: "http client: response has both Transfer-Encoding and Content-Length"
        case .unsupportedTransferEncoding(let coding): "http client: unsupported transfer coding \(quoted(coding))"
        case .chunkHeaderTooLong(let limit): "http client: chunk header longer than \(limit) bytes"
        case .invalidChunkSize(let line): "http client: invalid chunk header \(quoted(line))"
        case .missingCRLFAfterChunkData: "http client: chunk data not followed by CRLF"
        case .trailerSectionTooLarge(let limit): "http client: trailer section larger than \(limit) bytes"
        case .bodyTooLarge(let length, let limit):
            "http client: response body of \(length) bytes exceeds limit \(limit)"
        case .truncatedHead(let received):
            received == 0 ? "http client: connection closed before any response"
                : "http client: connection closed after \(received) bytes of the response head"
        case .truncatedBody(let part, let received, let expected):
            if let expected {
                "http client: connection closed in the \(part.rawValue) after \(received) of \(expected) body bytes"
            } else {
                "http client: connection closed in the \(part.rawValue) after \(received) body bytes"
            }
        }
    }
}
