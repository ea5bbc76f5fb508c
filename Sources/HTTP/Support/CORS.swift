/// Cross-origin headers and OPTIONS answers as SRS 5's `SrsHttpCorsMux` (srs-facts §7).
public enum CORS {
    /// SRS compat: the v5 set. SRS needs no cookies, so everything is `*` and credentials are off.
    /// (v6 adds `Access-Control-Request-Private-Network`; v4 listed explicit methods and headers.)
    public static let headerFields: [(name: String, value: String)] = [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Headers", "*"),
        ("Access-Control-Allow-Methods", "*"),
        ("Access-Control-Expose-Headers", "*"),
        ("Access-Control-Allow-Credentials", "false"),
    ]

    /// The CORS headers to add to the response: all of them when cross-domain is on and the request has a
    /// non-empty `Origin`, none otherwise.
    public static func headers(for request: HTTPRequest, crossDomain: Bool) -> [(name: String, value: String)] {
        guard crossDomain, let origin = request.headers["Origin"], !origin.isEmpty else { return [] }
        return headerFields
    }

    /// The complete answer to an OPTIONS request (any path): 200 with Content-Length 0 when cross-domain is
    /// on, else 405; nil for other methods.
    public static func preflightResponse(for request: HTTPRequest, crossDomain: Bool, keepAlive: Bool) -> [UInt8]? {
        guard request.isOptions else { return nil }
        var head = HTTPResponseHead(status: crossDomain ? .ok : .methodNotAllowed)
        for (name, value) in headers(for: request, crossDomain: crossDomain) { head.add(name, value) }
        head.setContentLength(0)
        head.setConnection(keepAlive: keepAlive)
        return head.serialized()
    }
}
