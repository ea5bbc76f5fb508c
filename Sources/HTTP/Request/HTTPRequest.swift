/// One parsed request: head, decoded URL parts and the whole body.
public struct HTTPRequest: Sendable {
    /// The method token exactly as sent (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target exactly as sent (`/live/a.flv?token=x`).
    public var target: String
    /// The percent-decoded path (`/live/a b.flv`); `*` for `OPTIONS *`.
    public var path: String
    /// The path as sent, still percent-encoded.
    public var rawPath: String
    /// The query after `?`, as sent, without the `?` ("" when none).
    public var rawQuery: String
    /// `name=value` pairs of the query in order, split on `&`, each side percent-decoded leniently.
    public var query: [(name: String, value: String)]
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Whether the connection stays open after the response (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// The authority of an absolute-form target (`http://host:port/p`), which overrides Host (RFC 9112 §3.2.2).
    public var targetAuthority: String?

    public init(method: String, target: String, path: String, rawPath: String, rawQuery: String,
                query: [(name: String, value: String)], version: HTTPVersion, headers: HTTPHeaders,
                body: [UInt8] = [], keepAlive: Bool, targetAuthority: String? = nil) {
        self.method = method
        self.target = target
        self.path = path
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
        self.targetAuthority = targetAuthority
    }

    /// The first value of query parameter `name`, or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The Host as sent (absolute-form authority first), port included.
    public var host: String? { targetAuthority ?? headers["Host"] }

    /// The host name without port, lowercased (`Demo.com:8080` → `demo.com`, `[::1]:80` → `[::1]`).
    public var hostName: String? { host.map(HTTPRequest.hostName(fromAuthority:)) }

    public var isOptions: Bool { method == "OPTIONS" }
    public var isHead: Bool { method == "HEAD" }

    /// Strips the port and lowercases an authority (`host[:port]`, `[v6]:port`), dropping any `user@`.
    public static func hostName(fromAuthority authority: String) -> String {
        var host = Substring(authority)
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if host.hasPrefix("[") {
            if let close = host.firstIndex(of: "]") { host = host[...close] }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return String(decoding: host.utf8.map(HTTPSyntax.lowercased), as: UTF8.self)
    }
}
