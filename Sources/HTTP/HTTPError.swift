import Core

/// Every failure of the HTTP module; `status` is what the server answers before closing.
public enum HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
    // Request line (RFC 9112 §3)
    /// The request line is longer than `HTTPLimits.requestLineBytes` (414).
    case requestLineTooLong(limit: Int)
    /// The request line is not `method SP target SP version` (400).
    case malformedRequestLine(String)
    /// The method is empty or not a token (RFC 9110 §9.1) (400).
    case invalidMethod(String)
    /// The request target has a forbidden byte or form (RFC 9112 §3.2) (400).
    case invalidRequestTarget(String)
    /// The version is not `HTTP/<digit>.<digit>` (RFC 9112 §2.3) (400).
    case invalidVersion(String)
    /// A well-formed version other than HTTP/1.x (505).
    case unsupportedVersion(String)

    // Header section (RFC 9112 §5)
    /// The header section is larger than `HTTPLimits.headerBytes` (431).
    case headerSectionTooLarge(limit: Int)
    /// More header fields than `HTTPLimits.headerCount` (431).
    case tooManyHeaders(limit: Int)
    /// A header line without a colon, or a name that is not a token (whitespace before ':' included) (400).
    case invalidHeaderName(String)
    /// A header value with a control character (400).
    case invalidHeaderValue(name: String)
    /// A header line starting with whitespace: obsolete line folding (RFC 9112 §5.2) (400).
    case obsoleteLineFolding
    /// A CR not followed by LF, or another control byte inside a line (400).
    case bareCarriageReturn
    /// More than one Host header (RFC 9112 §3.2) (400).
    case duplicateHost

    // Message body framing (RFC 9112 §6)
    /// A Content-Length that is not digits, or several that disagree (RFC 9112 §6.3) (400).
    case invalidContentLength(String)
    /// Both Transfer-Encoding and Content-Length: a request smuggling vector (RFC 9112 §6.1) (400).
    case transferEncodingWithContentLength
    /// A chunked request body: we require Content-Length (411).
    case chunkedRequestBody
    /// A transfer coding other than chunked (RFC 9112 §6.1) (501).
    case unsupportedTransferEncoding(String)
    /// The body is larger than `HTTPLimits.bodyBytes` (413).
    case bodyTooLarge(length: Int, limit: Int)

    // URLs and files
    /// A bad `%XX` escape, an encoded or raw NUL, or invalid UTF-8 after decoding (400).
    case invalidPercentEncoding(String)
    /// A static path with a `..` segment or a backslash (403).
    case forbiddenPath(String)
    /// A static path outside the mount it was resolved against (404).
    case pathOutsideMount(path: String, mount: String)
    /// A JSONP callback with characters outside `[A-Za-z0-9_.-]` (400, SRS code 4058).
    case invalidJSONPCallback(String)

    // Server-side programming errors
    /// A router pattern that is empty or a vhost pattern without a path.
    case invalidPattern(String)
    /// A router pattern registered twice.
    case duplicatePattern(String)
    /// zlib returned `code` from `function`.
    case zlib(function: String, code: Int32)

    /// The status the server should answer with (then close the connection).
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .malformedRequestLine, .invalidMethod, .invalidRequestTarget, .invalidVersion: .badRequest
        case .unsupportedVersion: .httpVersionNotSupported
        case .headerSectionTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .invalidHeaderName, .invalidHeaderValue, .obsoleteLineFolding, .bareCarriageReturn: .badRequest
        case .duplicateHost: .badRequest
        case .invalidContentLength, .transferEncodingWithContentLength: .badRequest
        case .chunkedRequestBody: .lengthRequired
        case .unsupportedTransferEncoding: .notImplemented
        case .bodyTooLarge: .contentTooLarge
        case .invalidPercentEncoding, .invalidJSONPCallback: .badRequest
        case .forbiddenPath: .forbidden
        case .pathOutsideMount: .notFound
        case .invalidPattern, .duplicatePattern, .zlib: .internalServerError
        }
    }

    public var description: String {
        switch self {
        case .requestLineTooLong(let limit): "http: request line longer than \(limit) bytes"
        case .malformedRequestLine(let line): "http: malformed request line \(quoted(line))"
        case .invalidMethod(let method): "http: invalid method \(quoted(method))"
        case .invalidRequestTarget(let target): "http: invalid request target \(quoted(target))"
        case .invalidVersion(let version): "http: invalid version \(quoted(version))"
        case .unsupportedVersion(let version): "http: unsupported version \(quoted(version))"
        case .headerSectionTooLarge(let limit): "http: header section larger than \(limit) bytes"
        case .tooManyHeaders(let limit): "http: more than \(limit) header fields"
        case .invalidHeaderName(let line): "http: invalid header line \(quoted(line))"
        case .invalidHeaderValue(let name): "http: invalid character in value of header \(quoted(name))"
        case .obsoleteLineFolding: "http: obsolete line folding in header section"
        case .bareCarriageReturn: "http: bare CR or control character in a line"
        case .duplicateHost: "http: more than one Host header"
        case .invalidContentLength(let value): "http: invalid Content-Length \(quoted(value))"
        case .transferEncodingWithContentLength: "http: both Transfer-Encoding and Content-Length"
        case .chunkedRequestBody: "http: chunked request bodies are not supported, send Content-Length"
        case .unsupportedTransferEncoding(let coding): "http: unsupported transfer coding \(quoted(coding))"
        case .bodyTooLarge(let length, let limit): "http: body of \(length) bytes exceeds limit \(limit)"
        case .invalidPercentEncoding(let text): "http: invalid percent-encoding in \(quoted(text))"
        case .forbiddenPath(let path): "http: forbidden path \(quoted(path))"
        case .pathOutsideMount(let path, let mount): "http: path \(quoted(path)) is not under mount \(quoted(mount))"
        case .invalidJSONPCallback(let name): "http: invalid JSONP callback \(quoted(name))"
        case .invalidPattern(let pattern): "http: invalid route pattern \(quoted(pattern))"
        case .duplicatePattern(let pattern): "http: route pattern \(quoted(pattern)) already registered"
        case .zlib(let function, let code): "http: zlib \(function) failed with code \(code)"
        }
    }
}

extension HTTPError: SRSCoded {
    /// SRS compat: ERROR_HTTP_JSONP (4058) for bad callbacks; other HTTP errors use SRS's generic 1 here.
    public var srsCode: Int {
        if case .invalidJSONPCallback = self { return 4058 }
        return 1
    }
}

/// Quotes peer text for error messages (`HTTPError`, `HTTPClientError`): control characters escaped, cut at
/// 64 characters so a line cannot flood the log.
func quoted(_ text: String) -> String {
    let limit = 64
    var out = "'"
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit { return out + "...'" }
        count += 1
        if scalar.value < 0x20 || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16)
            out += scalar.value < 0x10 ? "\\x0\(hex)" : "\\x\(hex)"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "'"
}
