import Clients
import Codec
import Core
import IO
import Live
import RTMP
#if canImport(Glibc)
import Glibc
#endif

/// Every edge stream of the process (srs-facts §10): one merged pull per played stream, one push
/// per published stream, origins picked round robin from the vhost's `origin` list (names
/// expanded to all their addresses). Settings are looked up at every (re)connect, so a reload of
/// `origin` applies to the next one without touching live players.
public final class EdgeService: SourceSupplier {
    public unowned let loop: EventLoop
    public let resolver: Resolver
    let registry: SourceRegistry
    let addresses: AddressBook
    /// Edge settings by vhost name (nil = not an edge vhost); replaced on reload.
    public var settingsLookup: (String) -> EdgeSettings?
    /// The local source starts / stops being fed (HLS, HTTP-FLV mounts and stats follow it).
    public var onPublish: ((LiveSource) -> Void)?
    public var onUnpublish: ((LiveSource) -> Void)?
    /// Disconnects the local publisher of a stream (an edge push that found no origin).
    public var kickPublisher: ((StreamKey) -> Void)?
    /// Our RTMP server's local address for the upnode identity (`srs_server_ip`).
    public var serverIP = "127.0.0.1"
    private var pulls: [StreamKey: EdgePull] = [:]
    private var pushes: [StreamKey: PushRelay] = [:]
    private var balancers: [String: RoundRobin<OriginEndpoint>] = [:]
    private let pid = getpid()
    private var traversals: [Int: TokenTraverse] = [:]
    private var nextTraversal = 0

    public init(loop: EventLoop, resolver: Resolver, registry: SourceRegistry,
                settingsLookup: @escaping (String) -> EdgeSettings?) {
        self.loop = loop
        self.resolver = resolver
        self.registry = registry
        self.settingsLookup = settingsLookup
        addresses = AddressBook(loop: loop, resolver: resolver)
    }

    /// Resolves the DNS names among these `origin` entries ahead of the first pull.
    public func prime(origins: [String]) { addresses.prime(origins) }

    /// Whether `vhost` is an edge vhost.
    public func isEdge(_ vhost: String) -> Bool { settingsLookup(vhost) != nil }

    func settings(for vhost: String) -> EdgeSettings {
        settingsLookup(vhost) ?? EdgeSettings(vhost: vhost, origins: [])
    }

    // MARK: SourceSupplier (play)

    public func source(_ source: LiveSource, playerWillAttach request: StreamRequest) {
        guard pulls[source.key] == nil, !source.isPublishing, settingsLookup(source.key.vhost) != nil else { return }
        let pull = EdgePull(source: source, request: request, service: self)
        do {
            try pull.start()
            pulls[source.key] = pull
        } catch {
            log.warn("edge: cannot pull \(source.key.url): \(error)")
        }
    }

    public func sourceDidLoseLastConsumer(_ source: LiveSource) {
        guard let pull = pulls.removeValue(forKey: source.key) else { return }
        pull.stop()
        registry.releaseIfIdle(source.key)
    }

    // MARK: publish

    /// A local publisher took an edge stream: relay it upstream.
    public func publisherDidStart(_ source: LiveSource, request: StreamRequest, publisherID: ContextID) {
        guard settingsLookup(source.key.vhost) != nil, pushes[source.key] == nil else { return }
        let push = PushRelay(source: source, request: request, policy: self, publisherID: publisherID)
        pushes[source.key] = push
        push.start()
    }

    public func publisherDidStop(_ source: LiveSource) {
        pushes.removeValue(forKey: source.key)?.stop()
    }

    // MARK: token traverse

    /// Whether clients of `vhost` must be accepted by an origin first.
    public func needsTokenTraverse(_ vhost: String) -> Bool { settingsLookup(vhost)?.tokenTraverse ?? false }

    /// Asks the origins, in list order, whether they accept this client (`token_traverse on`);
    /// `completion(nil)` means serve it.
    public func traverseToken(_ request: StreamRequest, connectObject: AMF0Object, completion: @escaping (Error?) -> Void) {
        let origins = addresses.expand(originEntries(for: settings(for: request.key.vhost)))
        let id = nextTraversal
        nextTraversal += 1
        let check = TokenTraverse(service: self, request: request, connectObject: connectObject, origins: origins) { [weak self] error in
            self?.traversals[id] = nil
            completion(error)
        }
        traversals[id] = check
        check.start()
    }

    // MARK: origins

    func originEntries(for settings: EdgeSettings) -> [OriginEndpoint] {
        let port = settings.upstreamProtocol == .rtmp ? 1935 : (settings.upstreamProtocol == .flvs ? 443 : 80)
        return settings.origins.compactMap { OriginEndpoint(parsing: $0, defaultPort: port) }
    }

    /// The next origin of the vhost, round robin over every address of every entry.
    func nextOrigin(for settings: EdgeSettings) -> OriginEndpoint? {
        let all = addresses.expand(originEntries(for: settings))
        return balancers[settings.vhost, default: RoundRobin()].next(of: all)
    }

    func originCount(for settings: EdgeSettings) -> Int {
        addresses.expand(originEntries(for: settings)).count
    }

    func identity(cid: ContextID) -> AMF0Object {
        RTMPClientRequest.upnodeIdentity(pid: pid, cid: cid.value, serverIP: serverIP)
    }

    /// Whether a pull for `request` goes over HTTP-FLV: `protocol flv|flvs`, or `follow_client`
    /// and an HTTP-FLV first player.
    func pullsOverFLV(_ request: StreamRequest, settings: EdgeSettings) -> Bool {
        settings.upstreamProtocol != .rtmp || (settings.followClient && request.format == .flv)
    }

    func makePullUpstream(origin: OriginEndpoint, request: StreamRequest, settings: EdgeSettings, cid: ContextID) -> EdgeUpstream {
        if pullsOverFLV(request, settings: settings) {
            let url = UpstreamURL.flv(origin: origin, request: request, upstreamVhost: settings.upstreamVhost,
                                      secure: settings.upstreamProtocol == .flvs)
            return FLVPullUpstream(loop: loop, resolver: resolver, url: url, readTimeoutMillis: settings.readTimeoutMillis)
        }
        let identity = settings.debugSrsUpnode ? self.identity(cid: cid) : nil
        let url = UpstreamURL(origin: origin, request: request, upstreamVhost: settings.upstreamVhost)
        return RTMPPullUpstream(loop: loop, resolver: resolver, origin: origin, url: url, identity: identity, settings: settings)
    }

    func describeUpstream(origin: OriginEndpoint, request: StreamRequest, settings: EdgeSettings) -> String {
        if pullsOverFLV(request, settings: settings) {
            return UpstreamURL.flv(origin: origin, request: request, upstreamVhost: settings.upstreamVhost,
                                   secure: settings.upstreamProtocol == .flvs)
        }
        let url = UpstreamURL(origin: origin, request: request, upstreamVhost: settings.upstreamVhost)
        return "\(url.tcUrl)/\(url.stream)"
    }

    // MARK: API and quit

    /// The upstream of an edge stream, if it has one.
    public func upstreamStatus(of key: StreamKey) -> UpstreamStatus? {
        pulls[key]?.status ?? pushes[key]?.status
    }

    public var pullCount: Int { pulls.count }

    /// Stops every pull and push (quit).
    public func stopAll() {
        for pull in pulls.values { pull.stop() }
        pulls.removeAll()
        for push in pushes.values { push.stop() }
        pushes.removeAll()
    }
}

/// The edge push (srs-facts §10): the vhost's origins round robin; the publisher is dropped when
/// no origin took its stream for `pushTimeoutMillis` (SRS: 30 s).
extension EdgeService: PushRelayPolicy {
    func nextTarget(for key: StreamKey) -> OriginEndpoint? { nextOrigin(for: settings(for: key.vhost)) }

    func targetCount(for key: StreamKey) -> Int { originCount(for: settings(for: key.vhost)) }

    func relaySettings(for key: StreamKey, cid: ContextID) -> PushRelay.Settings {
        let edge = settings(for: key.vhost)
        return PushRelay.Settings(upstreamVhost: edge.upstreamVhost, chunkSize: edge.chunkSize,
                                  identity: edge.debugSrsUpnode ? identity(cid: cid) : nil, play: edge.play)
    }

    func giveUpMillis(for key: StreamKey) -> Int64? { settings(for: key.vhost).pushTimeoutMillis }

    func relayGaveUp(_ relay: PushRelay) {
        log.error("edge-push: disconnect the publisher of \(relay.source.key.url)", cid: relay.cid)
        kickPublisher?(relay.source.key)
    }

    func relayStarted(_ relay: PushRelay) {
        log.trace("edge change from 0 to state 200 (push). url=\(relay.source.key.url)", cid: relay.cid)
    }

    func relayStopped(_ relay: PushRelay) {
        log.trace("edge change from 200 to state 0 (init). url=\(relay.source.key.url)", cid: relay.cid)
    }
}
