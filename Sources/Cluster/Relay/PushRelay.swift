import Clients
import Codec
import Core
import IO
import Live
import RTMP

/// Where a relayed stream goes and what to do when nobody takes it: an edge's origins (SRS
/// `SrsEdgeForwarder`) or a `forward` destination (SRS `SrsForwarder`).
protocol PushRelayPolicy: AnyObject {
    var loop: EventLoop { get }
    var resolver: Resolver { get }
    /// The next server to try (nil: none configured now).
    func nextTarget(for key: StreamKey) -> OriginEndpoint?
    /// How many servers a round of attempts has (backoff starts after a whole round failed).
    func targetCount(for key: StreamKey) -> Int
    /// The vhost asked upstream, chunk size, identity and queue settings for `key`.
    func relaySettings(for key: StreamKey, cid: ContextID) -> PushRelay.Settings
    /// How long nobody may take the stream before the policy gives up (nil: never).
    func giveUpMillis(for key: StreamKey) -> Int64?
    func relayGaveUp(_ relay: PushRelay)
    /// Log lines at start and stop (SRS's state changes).
    func relayStarted(_ relay: PushRelay)
    func relayStopped(_ relay: PushRelay)
}

/// A published stream relayed over RTMP to another server: an edge publisher to its origin
/// (srs-facts §10), or any publish to a `forward` destination. The relay drains the local source
/// through a consumer of its own (bounded by queue_length, so a slow or dead server never slows
/// the stream), and a reconnect replays metadata, sequence headers and the GOP cache.
///
/// When the connection breaks it reconnects (the next server at once, backing off from 100 ms to
/// 3 s once a whole round failed); the publisher stays unless the policy gives up.
final class PushRelay: RTMPClientDelegate, ConsumerSink {
    struct Settings {
        var upstreamVhost: String
        var chunkSize: UInt32
        var identity: AMF0Object?
        var play: PlaySettings
    }

    let cid: ContextID
    let source: LiveSource
    let request: StreamRequest
    unowned let policy: PushRelayPolicy
    private var client: RTMPClient?
    private var consumer: Consumer?
    private var retryTimer: Timer?
    private var failuresInRow = 0
    private var sessions = 0
    private var downSince: Int64
    private var flushScheduled = false
    private var stopped = false
    private(set) var state = UpstreamStatus.State.connecting
    private(set) var origin = ""
    private(set) var lastError = ""
    private var bytesBefore: UInt64 = 0

    init(source: LiveSource, request: StreamRequest, policy: PushRelayPolicy, publisherID: ContextID) {
        self.source = source
        self.request = request
        self.policy = policy
        cid = publisherID
        downSince = policy.loop.now
    }

    var status: UpstreamStatus {
        UpstreamStatus(direction: "push", state: state, origin: origin, bytes: bytesBefore + (client?.bytesSent ?? 0),
                       reconnects: max(0, sessions - 1), redirects: 0, lastError: lastError)
    }

    func start() {
        policy.relayStarted(self)
        connect()
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        policy.loop.cancel(retryTimer)
        retryTimer = nil
        detachConsumer()
        client?.stop()
        client = nil
        state = .stopped
        policy.relayStopped(self)
    }

    private func connect() {
        retryTimer = nil
        guard !stopped else { return }
        let settings = policy.relaySettings(for: source.key, cid: cid)
        guard let target = policy.nextTarget(for: source.key) else {
            fail("no server configured", retryIn: 1000)
            return
        }
        sessions += 1
        state = .connecting
        origin = target.description
        let url = UpstreamURL(origin: target, request: request, upstreamVhost: settings.upstreamVhost)
        let clientRequest = RTMPClientRequest(role: .publish, tcUrl: url.tcUrl, app: url.app, stream: url.stream,
                                              identity: settings.identity, chunkSize: settings.chunkSize)
        let client = RTMPClient(loop: policy.loop, resolver: policy.resolver, host: target.host, port: target.port,
                                request: clientRequest, timeouts: RTMPClientTimeouts(connectMillis: 3000, startMillis: 5000, readMillis: 0))
        client.delegate = self
        self.client = client
        log.trace("relay \(source.key.url) to \(url.tcUrl)/\(url.stream)", cid: cid)
        client.start()
    }

    // MARK: RTMPClientDelegate

    func rtmpClientDidStart(_ client: RTMPClient) {
        guard client === self.client else { return }
        state = .pushing
        failuresInRow = 0
        var settings = policy.relaySettings(for: source.key, cid: cid).play
        // Relay as soon as packets arrive, timestamps untouched (the origin corrects jitter).
        settings.minLatency = true
        settings.jitter = .off
        consumer = source.attach(sink: self, settings: settings)
    }

    func rtmpClient(_ client: RTMPClient, didReceive packet: MediaPacket) {}

    func rtmpClientDidDrain(_ client: RTMPClient) { drain() }

    func rtmpClient(_ client: RTMPClient, didEndWith error: (any Error)?, redirect: String?) {
        guard client === self.client, !stopped else { return }
        bytesBefore += client.bytesSent
        self.client = nil
        if state == .pushing { downSince = policy.loop.now }
        detachConsumer()
        failuresInRow += 1
        let origins = max(1, policy.targetCount(for: source.key))
        let delay: Int64 = failuresInRow <= origins ? 0 : min(3000, 100 << min(5, failuresInRow - origins - 1))
        fail(redirect.map { "redirected to \($0)" } ?? error.map { "\($0)" } ?? "the server closed", retryIn: delay)
    }

    private func fail(_ reason: String, retryIn delay: Int64) {
        lastError = reason
        state = .waiting
        if let timeout = policy.giveUpMillis(for: source.key), policy.loop.now - downSince > timeout {
            log.error("relay: nobody took \(source.key.url) for \(timeout)ms, last error: \(reason)", cid: cid)
            policy.relayGaveUp(self)
            return
        }
        log.warn("relay \(source.key.url) to \(origin): \(reason); retry in \(delay)ms", cid: cid)
        retryTimer = policy.loop.schedule(after: delay) { [weak self] in self?.connect() }
    }

    // MARK: ConsumerSink

    func consumerIsReady(_ consumer: Consumer) {
        guard !flushScheduled else { return }
        flushScheduled = true
        policy.loop.deferToIterationEnd { [weak self] in self?.drain() }
    }

    private func drain() {
        flushScheduled = false
        guard let client, let consumer, client.isStarted else { return }
        var rounds = 0
        while !consumer.isEmpty && rounds < 8 {
            consumer.take { client.send($0) }
            guard client.flush() else { return }
            rounds += 1
        }
        if !consumer.isEmpty { consumerIsReady(consumer) }
    }

    private func detachConsumer() {
        if let consumer {
            source.detach(consumer)
            if consumer.droppedMessages > 0 {
                log.warn("relay: dropped \(consumer.droppedMessages) messages while \(origin) was slow", cid: cid)
            }
        }
        consumer = nil
    }
}
