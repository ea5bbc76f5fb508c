/// An absolute `http` or `https` URL (RFC 9110 §4.2) as the client needs it: where to connect, what to put in
/// `Host`, and the request target.
///
/// Path and query stay percent-encoded exactly as written (they are sent as is); the host is lowercased
/// (RFC 3986 §6.2.2.1). The fragment is dropped: it is never sent (RFC 9110 §4.2.5).
public struct HTTPURL: Hashable, Sendable, CustomStringConvertible {
    public enum Scheme: String, Hashable, Sendable {
        case http
        case https

        /// 80 or 443 (RFC 9110 §4.2.1, §4.2.2).
        public var defaultPort: Int {
            switch self {
            case .http: 80
            case .https: 443
            }
        }
    }

    public let scheme: Scheme
    /// A lowercased name or IPv4 address, or an IPv6 literal with its brackets (`[::1]`).
    public let host: String
    /// The explicit port, else the scheme's default.
    public let port: Int
    /// Starts with `/`; `/` when the URL has no path.
    public let path: String
    /// The query without its `?`; nil when the URL has no `?`.
    public let query: String?

    /// Parses `http://host[:port][/path][?query][#fragment]`; the scheme is case-insensitive.
    ///
    /// Rejected: other schemes, userinfo (`user@host`), an empty host, hosts with characters outside
    /// letters, digits and `-._~`, IPv6 literals that are not hex digits, colons and dots, ports outside
    /// 1...65535, malformed `%XX` escapes, and any byte that is not visible ASCII.
    public init(parsing text: String) throws(HTTPClientError) {
        guard let byte = text.utf8.first(where: { !HTTPSyntax.isTargetByte($0) }) else {
            try self.init(reference: URIReference(text), text: text)
            return
        }
        throw .invalidURL(text, reason: "byte 0x\(String(byte, radix: 16)) is not visible ASCII")
    }

    /// Validates split components; `text` is only for error messages.
    init(reference: URIReference, text: String) throws(HTTPClientError) {
        guard let schemeText = reference.scheme else { throw .invalidURL(text, reason: "no scheme") }
        let lowered = String(decoding: schemeText.utf8.map(HTTPSyntax.lowercased), as: UTF8.self)
        guard let scheme = Scheme(rawValue: lowered) else { throw .unsupportedScheme(String(schemeText)) }
        guard let authority = reference.authority else { throw .invalidURL(text, reason: "no '//' authority") }
        guard !authority.contains("@") else { throw .invalidURL(text, reason: "userinfo is not supported") }
        let (host, port) = try HTTPURL.split(authority: authority, text: text)
        guard HTTPURL.hasValidEscapes(reference.path) else { throw .invalidURL(text, reason: "bad %-escape in path") }
        if let query = reference.query, !HTTPURL.hasValidEscapes(query) {
            throw .invalidURL(text, reason: "bad %-escape in query")
        }
        self.scheme = scheme
        self.host = host
        self.port = port ?? scheme.defaultPort
        path = reference.path.isEmpty ? "/" : String(reference.path)
        query = reference.query.map(String.init)
    }

    /// The origin-form request target: path, then `?query` when there is one (RFC 9112 §3.2.1).
    public var target: String {
        guard let query else { return path }
        return path + "?" + query
    }

    /// The `Host` header value: the host, plus `:port` unless it is the scheme's default (RFC 9110 §7.2).
    public var hostHeader: String {
        port == scheme.defaultPort ? host : "\(host):\(port)"
    }

    /// The host to resolve and connect to: an IPv6 literal without its brackets.
    public var socketHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The URL in normal form: lowercase scheme and host, default port omitted, no fragment.
    public var description: String { "\(scheme.rawValue)://\(hostHeader)\(target)" }

    /// Splits `host[:port]` or `[v6][:port]`, validating both (RFC 3986 §3.2.2, §3.2.3).
    private static func split(authority: Substring, text: String) throws(HTTPClientError) -> (String, Int?) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw .invalidURL(text, reason: "IPv6 literal without ']'")
            }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL(text, reason: "junk after IPv6 literal") }
                portText = after.dropFirst()
            }
            let inside = host.dropFirst().dropLast()
            guard inside.contains(":"), inside.utf8.allSatisfy(isIPv6LiteralByte) else {
                throw .invalidURL(text, reason: "invalid IPv6 literal")
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            guard !host.isEmpty else { throw .invalidURL(text, reason: "empty host") }
            guard host.utf8.allSatisfy(isHostByte) else { throw .invalidURL(text, reason: "invalid character in host") }
        }
        let lowered = String(decoding: host.utf8.map(HTTPSyntax.lowercased), as: UTF8.self)
        // RFC 3986 §3.2.3: an empty port (`host:`) means the default.
        guard let portText, !portText.isEmpty else { return (lowered, nil) }
        guard portText.utf8.count <= 5, let port = HTTPSyntax.decimal(portText), (1...65535).contains(port) else {
            throw .invalidURL(text, reason: "port \(quoted(String(portText))) is not in 1...65535")
        }
        return (lowered, port)
    }

    /// Letters, digits and `-._~`: the unreserved characters of a reg-name or IPv4 address (RFC 3986 §2.3).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Hex digits, ':' and '.' (for an embedded IPv4 address): an IPv6address (RFC 3986 §3.2.2).
    private static func isIPv6LiteralByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || PercentDecoding.hexValue(byte) != nil
    }

    /// Whether every '%' starts a `%XX` escape (RFC 3986 §2.1).
    static func hasValidEscapes(_ text: Substring) -> Bool {
        var utf8 = text.utf8[...]
        while let percent = utf8.firstIndex(of: UInt8(ascii: "%")) {
            let escape = utf8[utf8.index(after: percent)...].prefix(2)
            guard escape.count == 2, escape.allSatisfy({ PercentDecoding.hexValue($0) != nil }) else { return false }
            utf8 = utf8[escape.endIndex...]
        }
        return true
    }
}
