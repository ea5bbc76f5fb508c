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
    /// The Prometheus exporter's `/metrics` listener (`exporter {}`).
    public var exporterEnabled: Bool
    public var exporterEndpoint: HTTPEndpoint

    public init(apiEnabled: Bool, apiEndpoint: HTTPEndpoint, serverEnabled: Bool, serverEndpoint: HTTPEndpoint,
                root: String, crossDomain: Bool, apiAuth: BasicAuth? = nil, exporterEnabled: Bool = false,
                exporterEndpoint: HTTPEndpoint = HTTPEndpoint(host: "0.0.0.0", port: 9972)) {
        self.apiAuth = apiAuth
        self.apiEnabled = apiEnabled
        self.apiEndpoint = apiEndpoint
        self.serverEnabled = serverEnabled
        self.serverEndpoint = serverEndpoint
        self.root = root
        self.crossDomain = crossDomain
        self.exporterEnabled = exporterEnabled
        self.exporterEndpoint = exporterEndpoint
    }

    /// The listeners these settings need: one per endpoint; one shared when API and server use
    /// the same port (SRS's "API reuses http"), and the exporter joins a listener on its port.
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
        if exporterEnabled {
            // SRS would fail to bind the port twice; sharing it is what such a config means.
            let shared = result.keys.first { $0.port == exporterEndpoint.port } ?? exporterEndpoint
            result[shared, default: []].insert(.exporter)
        }
        return result
    }
}
