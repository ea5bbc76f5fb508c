import HTTP

/// One HTTP listening endpoint and what it serves.
public struct HTTPEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The HTTP side of the config: `http_api {}` and `http_server {}`.
public struct HTTPServerSettings: Equatable, Sendable {
    public var apiEnabled: Bool
    public var apiEndpoint: HTTPEndpoint
    public var serverEnabled: Bool
    public var serverEndpoint: HTTPEndpoint
    /// Web root (`http_server.dir`).
    public var root: String
    /// CORS for both (SRS 5 follows `http_server.crossdomain` for the API too).
    public var crossDomain: Bool
    /// `http_api.auth`: Basic credentials every API path needs (nil = open).
    public var apiAuth: BasicAuth?

    public init(apiEnabled: Bool, apiEndpoint: HTTPEndpoint, serverEnabled: Bool, serverEndpoint: HTTPEndpoint,
                root: String, crossDomain: Bool, apiAuth: BasicAuth? = nil) {
        self.apiAuth = apiAuth
        self.apiEnabled = apiEnabled
        self.apiEndpoint = apiEndpoint
        self.serverEnabled = serverEnabled
        self.serverEndpoint = serverEndpoint
        self.root = root
        self.crossDomain = crossDomain
    }

    /// The listeners these settings need: one per endpoint; one shared when API and server use
    /// the same port (SRS's "API reuses http").
    public var endpoints: [HTTPEndpoint: HTTPListenerRole] {
        var result: [HTTPEndpoint: HTTPListenerRole] = [:]
        if serverEnabled { result[serverEndpoint, default: []].insert(.server) }
        if apiEnabled {
            if serverEnabled && apiEndpoint.port == serverEndpoint.port {
                result[serverEndpoint, default: []].insert(.api)
            } else {
                result[apiEndpoint, default: []].insert(.api)
            }
        }
        return result
    }
}
