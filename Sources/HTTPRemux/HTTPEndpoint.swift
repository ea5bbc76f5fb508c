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
    /// `http_api.https` / `http_server.https` when enabled (nil: no HTTPS listener).
    public var apiHTTPS: HTTPSListenerSettings?
    public var serverHTTPS: HTTPSListenerSettings?

    public init(apiEnabled: Bool, apiEndpoint: HTTPEndpoint, serverEnabled: Bool, serverEndpoint: HTTPEndpoint,
                root: String, crossDomain: Bool, apiAuth: BasicAuth? = nil, exporterEnabled: Bool = false,
                exporterEndpoint: HTTPEndpoint = HTTPEndpoint(host: "0.0.0.0", port: 9972),
                apiHTTPS: HTTPSListenerSettings? = nil, serverHTTPS: HTTPSListenerSettings? = nil) {
        self.apiHTTPS = apiHTTPS
        self.serverHTTPS = serverHTTPS
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

    /// SRS's "API reuses http": both enabled on the same port, one listener serves both, and
    /// then the HTTPS API is served by the HTTPS server's listener too.
    public var apiReusesServer: Bool { apiEnabled && serverEnabled && apiEndpoint.port == serverEndpoint.port }

    /// The HTTPS listeners (SRS opens them on their `https.enabled` alone): the same routes as the
    /// plain listeners; one shared listener when the API reuses the server (or both HTTPS ports
    /// are the same), with the server's key and cert.
    public var secureEndpoints: [HTTPEndpoint: HTTPSListenerSpec] {
        var result: [HTTPEndpoint: HTTPSListenerSpec] = [:]
        if let server = serverHTTPS { result[server.endpoint] = HTTPSListenerSpec(role: .server, files: server.files) }
        if let api = apiHTTPS {
            if let server = serverHTTPS, apiReusesServer || api.endpoint.port == server.endpoint.port {
                result[server.endpoint]?.role.insert(.api)
            } else {
                result[api.endpoint] = HTTPSListenerSpec(role: .api, files: api.files)
            }
        }
        return result
    }

    /// Every key/cert pair the HTTPS listeners need.
    public var tlsFiles: Set<TLSFiles> { Set(secureEndpoints.values.map(\.files)) }
}
