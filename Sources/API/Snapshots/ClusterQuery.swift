/// The `query` echo of `/api/v1/clusters` (§11).
public struct ClusterQuery: Sendable, Equatable {
    public var ip: String
    public var vhost: String
    public var app: String
    public var stream: String

    public init(ip: String = "", vhost: String = "", app: String = "", stream: String = "") {
        self.ip = ip
        self.vhost = vhost
        self.app = app
        self.stream = stream
    }
}
