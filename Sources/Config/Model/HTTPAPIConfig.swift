/// Root `http_api {}`: the JSON API server.
public struct HTTPAPIConfig: Equatable, Sendable {
    /// `raw_api {}`: the RPC-style API (only reload is ever allowed in SRS 5).
    public struct RawAPI: Equatable, Sendable {
        public var enabled: Bool
        public var allowReload: Bool
    }
    /// `auth {}`: HTTP Basic auth for the API.
    public struct Auth: Equatable, Sendable {
        public var enabled: Bool
        public var username: String
        public var password: String
    }

    public var enabled: Bool
    public var listen: ListenAddress
    /// Reported by the raw API only; SRS 5 applies `http_server.crossdomain` to API CORS.
    public var crossdomain: Bool
    public var rawAPI: RawAPI
    public var auth: Auth
    /// `https {}`: the HTTPS API listener (SRS: port 1990, or the HTTPS server's port when the
    /// plain API shares the HTTP server's port).
    public var https: HTTPSConfig

    public static let defaults = HTTPAPIConfig(
        enabled: false, listen: ListenAddress(port: 1985), crossdomain: true,
        rawAPI: RawAPI(enabled: false, allowReload: false),
        auth: Auth(enabled: false, username: "", password: ""),
        https: .defaults(port: HTTPSConfig.apiPort)
    )
}
