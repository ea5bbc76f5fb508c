import Clients
import Codec
import Core
import IO
import Live
import RTMP

/// A publisher on an edge, relayed to an origin (SRS `SrsPublishEdge` + `SrsEdgeForwarder`,
/// srs-facts §10): the push drains the local source through a consumer of its own, so a
/// reconnect replays metadata, sequence headers and the GOP cache to the new origin.
///
/// If the origin connection breaks the push reconnects (next origin at once, then backing off)
/// and the publisher stays, unless no origin took the stream for `pushTimeoutMillis`.
final class EdgePush: RTMPClientDelegate, ConsumerSink {
    let cid: ContextID
    let source: LiveSource
    let request: StreamRequest
    unowned let service: EdgeService
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

    init(source: LiveSource, request: StreamRequest, service: EdgeService, publisherID: ContextID) {
        self.source = source
        self.request = request
        self.service = service
        cid = publisherID
        downSince = service.loop.now
    }

    var status: UpstreamStatus {
        UpstreamStatus(direction: "push", state: state, origin: origin, bytes: bytesBefore + (client?.bytesSent ?? 0),
                       reconnects: max(0, sessions - 1), redirects: 0, lastError: lastError)
    }

    func start() {
        log.trace("edge change from 0 to state 200 (push). url=\(source.key.url)", cid: cid)
        connect()
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        service.loop.cancel(retryTimer)
        retryTimer = nil
        detachConsumer()
        client?.stop()
        client = nil
        state = .stopped
        log.trace("edge change from 200 to state 0 (init). url=\(source.key.url)", cid: cid)
    }

    private func connect() {
        retryTimer = nil
        guard !stopped else { return }
        let settings = service.settings(for: source.key.vhost)
        guard let target = service.nextOrigin(for: settings) else {
            fail("no origin configured", retryIn: 1000)
            return
        }
        sessions += 1
        state = .connecting
        origin = target.description
        let url = UpstreamURL(origin: target, request: request, upstreamVhost: settings.upstreamVhost)
        let identity = settings.debugSrsUpnode ? service.identity(cid: cid) : nil
        let clientRequest = RTMPClientRequest(role: .publish, tcUrl: url.tcUrl, app: url.app, stream: url.stream,
                                              identity: identity, chunkSize: settings.chunkSize)
        let client = RTMPClient(loop: service.loop, resolver: service.resolver, host: target.host, port: target.port,
                                request: clientRequest, timeouts: RTMPClientTimeouts(connectMillis: 3000, startMillis: 5000, readMillis: 0))
        client.delegate = self
        self.client = client
        log.trace("edge-push publish url \(url.tcUrl)/\(url.stream)", cid: cid)
        client.start()
    }

    // MARK: RTMPClientDelegate

    func rtmpClientDidStart(_ client: RTMPClient) {
        guard client === self.client else { return }
        state = .pushing
        failuresInRow = 0
        var settings = service.settings(for: source.key.vhost).play
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
        if state == .pushing { downSince = service.loop.now }
        detachConsumer()
        failuresInRow += 1
        let origins = max(1, service.originCount(for: service.settings(for: source.key.vhost)))
        let delay: Int64 = failuresInRow <= origins ? 0 : min(3000, 100 << min(5, failuresInRow - origins - 1))
        fail(redirect.map { "redirected to \($0)" } ?? error.map { "\($0)" } ?? "origin closed", retryIn: delay)
    }

    private func fail(_ reason: String, retryIn delay: Int64) {
        lastError = reason
        state = .waiting
        let timeout = service.settings(for: source.key.vhost).pushTimeoutMillis
        if service.loop.now - downSince > timeout {
            log.error("edge-push: no origin took \(source.key.url) for \(timeout)ms, last error: \(reason); disconnect the publisher", cid: cid)
            service.kickPublisher?(source.key)
            return
        }
        log.warn("edge-push: \(reason); retry in \(delay)ms", cid: cid)
        retryTimer = service.loop.schedule(after: delay) { [weak self] in self?.connect() }
    }

    // MARK: ConsumerSink

    func consumerIsReady(_ consumer: Consumer) {
        guard !flushScheduled else { return }
        flushScheduled = true
        service.loop.deferToIterationEnd { [weak self] in self?.drain() }
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
                log.warn("edge-push: dropped \(consumer.droppedMessages) messages while the origin was slow", cid: cid)
            }
        }
        consumer = nil
    }
}
