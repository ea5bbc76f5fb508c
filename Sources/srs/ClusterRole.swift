import API
import Cluster
import Config
import Core
import IO
import Live
import RTMPService

extension ServerConfig {
    /// Edge settings by vhost name (own vhost, else the default one); nil for origin vhosts.
    func edgeLookup() -> (String) -> EdgeSettings? {
        let resolve = vhostResolver()
        return { name in
            guard let vhost = resolve(name), vhost.enabled, vhost.cluster.isEdge else { return nil }
            let cluster = vhost.cluster
            let proto = EdgeSettings.UpstreamProtocol(rawValue: cluster.upstreamProtocol.rawValue) ?? .rtmp
            return EdgeSettings(vhost: vhost.name, origins: cluster.origins, upstreamProtocol: proto,
                                followClient: cluster.followClient, tokenTraverse: cluster.tokenTraverse,
                                vhostTemplate: cluster.vhost, debugSrsUpnode: cluster.debugSrsUpnode,
                                chunkSize: UInt32(clamping: vhost.chunkSize), play: vhost.playSettings)
        }
    }
}

/// The cluster roles of this process: the edge (pulls and pushes of edge vhosts). Wired between
/// the RTMP service, the source registry and the HTTP stream handler by the root.
final class ClusterRole: ServerService {
    let edge: EdgeService

    init(loop: EventLoop, resolver: Resolver, registry: SourceRegistry, config: ServerConfig) {
        edge = EdgeService(loop: loop, resolver: resolver, registry: registry, settingsLookup: config.edgeLookup())
        registry.supplierFor = { [unowned edge] key in edge.isEdge(key.vhost) ? edge : nil }
    }

    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        // Origins apply at the next (re)connect of each pull and push; live players are untouched.
        edge.settingsLookup = config.edgeLookup()
    }

    /// Graceful quit keeps pulls while their players stay (they stop with the last player).
    func drain() {}

    func stop() { edge.stopAll() }

    /// An edge stream's upstream for the API.
    func upstreamSnapshot(of key: StreamKey) -> UpstreamSnapshot? {
        edge.upstreamStatus(of: key).map {
            UpstreamSnapshot(direction: $0.direction, state: $0.state.rawValue, origin: $0.origin, bytes: Int64($0.bytes),
                             reconnects: Int64($0.reconnects), redirects: Int64($0.redirects), lastError: $0.lastError)
        }
    }
}
