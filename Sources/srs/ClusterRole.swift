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

extension ServerConfig {
    /// Coworkers by vhost name for origin-cluster vhosts (never for edges, srs-facts §11).
    func coworkersLookup() -> (String) -> [String]? {
        let resolve = vhostResolver()
        return { name in
            guard let vhost = resolve(name), vhost.enabled, vhost.cluster.originCluster, !vhost.cluster.isEdge else { return nil }
            return vhost.cluster.coworkers
        }
    }
}

/// The cluster roles of this process: the edge (pulls and pushes of edge vhosts) and the origin
/// cluster (coworker lookups and redirects). Wired between the RTMP service, the source registry
/// and the HTTP stream handler by the root.
final class ClusterRole: ServerService {
    let edge: EdgeService
    let origins: OriginClusterService
    let registry: SourceRegistry
    private var config: ServerConfig
    private var resolveVhost: (String) -> VhostConfig?
    /// `workers N`: another worker of the process publishes the stream (this node has it too).
    var publishedByAnotherWorker: (StreamKey) -> Bool = { _ in false }
    private lazy var publicIP: String = LocalIPAddress.preferredPublic((try? LocalIPAddress.discover()) ?? [])

    init(loop: EventLoop, resolver: Resolver, registry: SourceRegistry, config: ServerConfig) {
        self.registry = registry
        self.config = config
        resolveVhost = config.vhostResolver()
        edge = EdgeService(loop: loop, resolver: resolver, registry: registry, settingsLookup: config.edgeLookup())
        origins = OriginClusterService(loop: loop, resolver: resolver, coworkersLookup: config.coworkersLookup())
        registry.supplierFor = { [unowned edge] key in edge.isEdge(key.vhost) ? edge : nil }
        prime(config)
    }

    /// Names in `origin` / `coworkers` are resolved at startup and reload, off the loop.
    private func prime(_ config: ServerConfig) {
        edge.prime(origins: config.vhosts.filter { $0.cluster.isEdge }.flatMap { $0.cluster.origins })
        origins.prime(coworkers: config.vhosts.filter { $0.cluster.originCluster }.flatMap { $0.cluster.coworkers })
    }

    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        // Origins apply at the next (re)connect of each pull and push; live players are untouched.
        self.config = config
        resolveVhost = config.vhostResolver()
        edge.settingsLookup = config.edgeLookup()
        origins.coworkersLookup = config.coworkersLookup()
        prime(config)
    }

    /// RTMP players (srs-facts §11): the coworker URL to redirect to, nil when nobody has the stream.
    func locateForRTMP(_ request: StreamRequest, completion: @escaping (String?) -> Void) {
        origins.locate(request) { answer in
            completion(answer.map { OriginClusterService.rtmpRedirect($0, request: request) })
        }
    }

    /// Beyond SRS: every other coworker's stream list (false when no vhost is an origin cluster).
    func coworkerStreams(completion: @escaping ([(api: String, streams: [JSONValue]?, error: String)]) -> Void) -> Bool {
        let vhost = config.vhosts.first { $0.cluster.originCluster && !$0.cluster.isEdge }?.name
        guard let vhost else { return false }
        let api = config.httpAPI.listen
        // An API bound to one address is that address only (several members may share a port on
        // different addresses); one bound to every address answers on loopback and the public IP.
        let anyHost = api.host == ListenAddress.anyHost || api.host == "::"
        let selfHosts: Set<String> = anyHost ? ["127.0.0.1", "::1", "localhost", "0.0.0.0", "::", publicIP] : [api.host]
        return origins.coworkerStreams(vhost: vhost, isSelf: { $0.port == Int(api.port) && selfHosts.contains($0.host) }) { results in
            completion(results.map { (api: $0.api, streams: $0.streams, error: $0.error) })
        }
    }

    /// HTTP-FLV players (beyond SRS): false when the vhost is no origin cluster (serve as usual).
    func locateForHTTP(_ request: StreamRequest, target: String, completion: @escaping (String?) -> Void) -> Bool {
        guard origins.isOriginCluster(request.key.vhost) else { return false }
        origins.locate(request) { answer in
            completion(answer.flatMap { OriginClusterService.httpRedirect($0, target: target) })
        }
        return true
    }

    /// `/api/v1/clusters` (srs-facts §11): where a coworker can play the stream, when this node
    /// has its publisher (the vhost is resolved like a client's, unknown → default).
    func clusterOrigin(_ query: ClusterQuery, coworker: String) -> ClusterOrigin? {
        let vhost = resolveVhost(query.vhost)?.name ?? StreamKey.defaultVhost
        let key = StreamKey(vhost: vhost, app: query.app, stream: query.stream)
        guard registry.source(for: key)?.isPublishing == true || publishedByAnotherWorker(key), !edge.isEdge(vhost) else {
            return nil
        }
        let listen = config.listen.first ?? ListenAddress(port: 1935)
        let api = config.httpAPI.listen
        let apiListen = api.host == ListenAddress.anyHost ? "\(api.port)" : api.description
        let requestHost = OriginEndpoint(parsing: coworker, defaultPort: 1985)?.host ?? ""
        return ClusterOrigin.resolve(listenHost: listen.host, listenPort: Int64(listen.port), requestHost: requestHost,
                                     publicIP: publicIP, apiListen: apiListen, vhost: vhost,
                                     httpPort: config.httpServer.enabled ? Int(config.httpServer.listen.port) : nil)
    }

    /// Graceful quit keeps pulls while their players stay (they stop with the last player).
    func drain() {}

    func stop() {
        edge.stopAll()
        origins.stopAll()
    }

    /// An edge stream's upstream for the API.
    func upstreamSnapshot(of key: StreamKey) -> UpstreamSnapshot? {
        edge.upstreamStatus(of: key).map {
            UpstreamSnapshot(direction: $0.direction, state: $0.state.rawValue, origin: $0.origin, bytes: Int64($0.bytes),
                             reconnects: Int64($0.reconnects), redirects: Int64($0.redirects), lastError: $0.lastError)
        }
    }
}
