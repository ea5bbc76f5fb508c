/// vhost `cluster {}`: origin, edge and origin-cluster roles.
public struct ClusterConfig: Equatable, Sendable {
    /// `local` = origin (default), `remote` = edge.
    public enum Mode: String, Equatable, Sendable { case local, remote }
    /// How an edge pulls from its origin.
    public enum UpstreamProtocol: String, Equatable, Sendable { case rtmp, flv, flvs }

    public var mode: Mode
    /// Edge upstreams as written, `host[:port]`, tried in order.
    public var origins: [String]
    /// Ask coworkers for streams this origin does not have (RTMP redirect).
    public var originCluster: Bool
    /// Coworker HTTP API endpoints, `host:port`.
    public var coworkers: [String]
    /// SRS `cluster.protocol`.
    public var upstreamProtocol: UpstreamProtocol
    /// Edge uses the client's protocol upstream (flv/flvs for HTTP players).
    public var followClient: Bool
    /// Edge authenticates clients by connecting to the origin first.
    public var tokenTraverse: Bool
    /// vhost requested from the origin; `[vhost]` is replaced by the edge vhost.
    public var vhost: String
    /// Send `srs_*` identity args in upstream connects.
    public var debugSrsUpnode: Bool

    public var isEdge: Bool { mode == .remote }

    public static let defaults = ClusterConfig(
        mode: .local, origins: [], originCluster: false, coworkers: [], upstreamProtocol: .rtmp,
        followClient: false, tokenTraverse: false, vhost: "[vhost]", debugSrsUpnode: true
    )
}
