/// Where a coworker can play a stream this node publishes (`data.origin` of `/api/v1/clusters`).
public struct ClusterOrigin: Sendable, Equatable {
    public var ip: String
    /// RTMP port of the first `listen` entry.
    public var port: Int64
    /// The vhost name the stream was published on.
    public var vhost: String
    /// `ip:port` of the HTTP API.
    public var api: String
    public var routers: [String]
    /// Beyond SRS: `ip:port` of this node's HTTP server, so a coworker can redirect HTTP-FLV
    /// players here (nil when http_server is off).
    public var http: String?

    public init(ip: String, port: Int64, vhost: String, api: String, routers: [String], http: String? = nil) {
        self.ip = ip
        self.port = port
        self.vhost = vhost
        self.api = api
        self.routers = routers
        self.http = http
    }

    /// SRS compat (`SrsCoWorkers::dumps`, #1501): the listen host unless empty or loopback/any,
    /// else `requestHost` (how the asking coworker reached us), else the detected public IP;
    /// `api` is `http_api.listen`, prefixed with that ip when it has no host; `routers = [api]`.
    public static func resolve(listenHost: String, listenPort: Int64, requestHost: String, publicIP: String,
                               apiListen: String, vhost: String, httpPort: Int? = nil) -> ClusterOrigin {
        var ip = ""
        if !["127.0.0.1", "0.0.0.0", "::"].contains(listenHost) { ip = listenHost }
        if ip.isEmpty { ip = requestHost }
        if ip.isEmpty { ip = publicIP }
        let api = apiListen.contains(":") ? apiListen : "\(ip):\(apiListen)"
        let http = httpPort.map { ip.contains(":") ? "[\(ip)]:\($0)" : "\(ip):\($0)" }
        return ClusterOrigin(ip: ip, port: listenPort, vhost: vhost, api: api, routers: [api], http: http)
    }
}
