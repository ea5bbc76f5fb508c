import Clients
import Core
import HTTP
import IO
import Live

/// The origin-cluster role (srs-facts §11): finds which coworker publishes a stream this node
/// does not have, for RTMP 302 and (beyond SRS) HTTP 302 redirects. Coworker entries that are
/// DNS names stand for all their addresses (a headless Service), re-resolved periodically.
public final class OriginClusterService {
    public unowned let loop: EventLoop
    public let resolver: Resolver
    let addresses: AddressBook
    /// Coworker entries (`host:port` of their HTTP API) by vhost name; nil = not an origin-cluster vhost.
    public var coworkersLookup: (String) -> [String]?
    public var timeoutMillis: Int64 = 3000
    private var lookups: [Int: CoworkerLookup] = [:]
    private var queries: [Int: ClusterStreamsQuery] = [:]
    private var nextID = 0

    public init(loop: EventLoop, resolver: Resolver, coworkersLookup: @escaping (String) -> [String]?) {
        self.loop = loop
        self.resolver = resolver
        self.coworkersLookup = coworkersLookup
        addresses = AddressBook(loop: loop, resolver: resolver)
    }

    /// Resolves the DNS names among these `coworkers` entries ahead of the first lookup.
    public func prime(coworkers: [String]) { addresses.prime(coworkers) }

    public func isOriginCluster(_ vhost: String) -> Bool { coworkersLookup(vhost) != nil }

    /// Asks the coworkers of the request's vhost; `completion` runs on the loop with the answer.
    public func locate(_ request: StreamRequest, completion: @escaping (ClusterAnswer?) -> Void) {
        let entries = (coworkersLookup(request.key.vhost) ?? []).compactMap { OriginEndpoint(parsing: $0, defaultPort: 1985) }
        let coworkers = addresses.expand(entries)
        guard !coworkers.isEmpty else {
            loop.deferToIterationEnd { completion(nil) }
            return
        }
        let id = nextID
        nextID += 1
        let vhostAsked = request.key.vhost
        lookups[id] = CoworkerLookup(loop: loop, resolver: resolver, coworkers: coworkers, key: request.key,
                                     vhostAsked: vhostAsked, clientHost: request.host, timeoutMillis: timeoutMillis) { [weak self] answer in
            self?.lookups[id] = nil
            completion(answer)
        }
    }

    /// The RTMP 302 target for an answer: `rtmp://ip:port/app/stream?param&vhost=v` (srs-facts §11).
    public static func rtmpRedirect(_ answer: ClusterAnswer, request: StreamRequest) -> String {
        let host = answer.ip.contains(":") ? "[\(answer.ip)]" : answer.ip
        let query = UpstreamURL.query(param: request.param, vhost: answer.vhost, clientHost: request.host)
        return "rtmp://\(host):\(answer.port)/\(request.key.app)/\(request.key.stream)\(query)"
    }

    /// The HTTP 302 target for an HTTP-FLV request (`target` = path and query as asked), or nil
    /// when the coworker has no HTTP server.
    public static func httpRedirect(_ answer: ClusterAnswer, target: String) -> String? {
        guard let http = answer.http, !http.isEmpty else { return nil }
        return "http://\(http)\(target)"
    }

    /// Every coworker's streams but our own (`isSelf` tells which entry is this node).
    public func coworkerStreams(vhost: String, isSelf: (OriginEndpoint) -> Bool,
                                completion: @escaping ([CoworkerStreams]) -> Void) -> Bool {
        guard let entries = coworkersLookup(vhost) else { return false }
        let others = addresses.expand(entries.compactMap { OriginEndpoint(parsing: $0, defaultPort: 1985) }).filter { !isSelf($0) }
        let id = nextID
        nextID += 1
        queries[id] = ClusterStreamsQuery(loop: loop, resolver: resolver, coworkers: others, timeoutMillis: timeoutMillis) { [weak self] results in
            self?.queries[id] = nil
            completion(results)
        }
        return true
    }

    public func stopAll() {
        for lookup in lookups.values { lookup.cancel() }
        lookups.removeAll()
        for query in queries.values { query.cancel() }
        queries.removeAll()
    }
}
