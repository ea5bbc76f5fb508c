import Clients
import Codec
import Core
import IO
import Live
import RTMP
#if canImport(Glibc)
import Glibc
#endif

/// `forward { enabled on; destination a:1935 b; }` (srs-facts §1.4, SRS `SrsForwarder`): every
/// stream published here is relayed to each destination over RTMP, with SRS's upnode identity,
/// reconnecting with backoff for as long as the publish lasts. Each destination has its own
/// relay and bounded queue, so a dead or slow one never slows the stream or the others.
public final class ForwardService {
    public unowned let loop: EventLoop
    public let resolver: Resolver
    /// Destinations by vhost name (nil or empty = no forward); replaced on reload (applies to
    /// the next publish).
    public var destinationsLookup: (String) -> [String]?
    /// The vhost's chunk size and queue settings.
    public var playLookup: (String) -> (chunkSize: UInt32, play: PlaySettings)
    public var serverIP = "127.0.0.1"
    private var relays: [StreamKey: [ForwardTarget]] = [:]
    private let pid = getpid()

    public init(loop: EventLoop, resolver: Resolver, destinationsLookup: @escaping (String) -> [String]?,
                playLookup: @escaping (String) -> (chunkSize: UInt32, play: PlaySettings)) {
        self.loop = loop
        self.resolver = resolver
        self.destinationsLookup = destinationsLookup
        self.playLookup = playLookup
    }

    /// A publish started: one relay per destination.
    public func publisherDidStart(_ source: LiveSource, request: StreamRequest, publisherID: ContextID) {
        guard relays[source.key] == nil, let destinations = destinationsLookup(source.key.vhost), !destinations.isEmpty else { return }
        let targets = destinations.compactMap { OriginEndpoint(parsing: $0, defaultPort: 1935) }
        relays[source.key] = targets.map { target in
            let forward = ForwardTarget(service: self, destination: target)
            forward.relay = PushRelay(source: source, request: request, policy: forward, publisherID: publisherID)
            forward.relay?.start()
            return forward
        }
    }

    public func publisherDidStop(_ source: LiveSource) {
        for target in relays.removeValue(forKey: source.key) ?? [] { target.relay?.stop() }
    }

    /// Per destination of a stream: state, server, bytes, reconnects (the API's `forward` list).
    public func status(of key: StreamKey) -> [UpstreamStatus] {
        (relays[key] ?? []).compactMap { $0.relay?.status }
    }

    public func stopAll() {
        for targets in relays.values { for target in targets { target.relay?.stop() } }
        relays.removeAll()
    }

    func identity(cid: ContextID) -> AMF0Object {
        RTMPClientRequest.upnodeIdentity(pid: pid, cid: cid.value, serverIP: serverIP)
    }
}

/// One destination of one stream: the relay policy that always goes to the same server and
/// never gives up while the publish lasts.
final class ForwardTarget: PushRelayPolicy {
    unowned let service: ForwardService
    let destination: OriginEndpoint
    var relay: PushRelay?

    init(service: ForwardService, destination: OriginEndpoint) {
        self.service = service
        self.destination = destination
    }

    var loop: EventLoop { service.loop }
    var resolver: Resolver { service.resolver }
    func nextTarget(for key: StreamKey) -> OriginEndpoint? { destination }
    func targetCount(for key: StreamKey) -> Int { 1 }

    func relaySettings(for key: StreamKey, cid: ContextID) -> PushRelay.Settings {
        let vhost = service.playLookup(key.vhost)
        return PushRelay.Settings(upstreamVhost: key.vhost, chunkSize: vhost.chunkSize, identity: service.identity(cid: cid),
                                  play: vhost.play)
    }

    func giveUpMillis(for key: StreamKey) -> Int64? { nil }
    func relayGaveUp(_ relay: PushRelay) {}

    func relayStarted(_ relay: PushRelay) {
        log.trace("forward: start \(relay.source.key.url) to \(destination)", cid: relay.cid)
    }

    func relayStopped(_ relay: PushRelay) {
        log.trace("forward: stop \(relay.source.key.url) to \(destination)", cid: relay.cid)
    }
}
