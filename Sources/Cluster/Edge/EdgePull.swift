import Codec
import Core
import IO
import Live

/// The one upstream pull of an edge stream (SRS `SrsPlayEdge` + `SrsEdgeIngester`, srs-facts §10):
/// started by the first player, shared by every later one, stopped when the last one leaves.
///
/// It holds the local source as its publisher, so GOP cache, HTTP-FLV, HLS and the API work as
/// on an origin. When an upstream fails it moves to the next origin at once (SRS waits 3 s); only
/// after every origin failed in a row does it back off (100 ms doubling to 3 s). Players stay
/// attached: the timeline continues monotonically (`TimestampRebaser`) and sequence headers or
/// metadata identical to the cached ones are not repeated, so decoders are not reset.
final class EdgePull: EdgeUpstreamDelegate {
    let cid = ContextID.make()
    let source: LiveSource
    /// The first player's request: app, stream, param and host used upstream.
    let request: StreamRequest
    unowned let service: EdgeService
    private var upstream: EdgeUpstream?
    private var retryTimer: Timer?
    private var rebaser = TimestampRebaser()
    private var failuresInRow = 0
    private var sessions = 0
    private var redirectTarget: OriginEndpoint?
    private var redirectsInRow = 0
    /// After a reconnect: drop sequence headers / metadata equal to the cached ones.
    private var suppressRepeats = false
    private var stopped = false
    private(set) var state = UpstreamStatus.State.connecting
    private(set) var origin = ""
    private(set) var lastError = ""
    private(set) var redirects = 0
    private var bytesBefore: UInt64 = 0

    init(source: LiveSource, request: StreamRequest, service: EdgeService) {
        self.source = source
        self.request = request
        self.service = service
    }

    var status: UpstreamStatus {
        UpstreamStatus(direction: "pull", state: state, origin: origin, bytes: bytesBefore + (upstream?.bytesReceived ?? 0),
                       reconnects: max(0, sessions - 1 - redirects), redirects: redirects, lastError: lastError)
    }

    /// Takes the source as its publisher and connects. Throws when a local publisher has it.
    func start() throws {
        try source.publish(by: cid)
        log.trace("edge change from 0 to state 100 (pull). url=\(source.key.url)", cid: cid)
        service.onPublish?(source)
        connect()
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        service.loop.cancel(retryTimer)
        retryTimer = nil
        upstream?.stop()
        upstream = nil
        state = .stopped
        log.trace("edge change from 101 to 300 then 0 (init). url=\(source.key.url)", cid: cid)
        source.unpublish()
        service.onUnpublish?(source)
    }

    // MARK: connecting

    private func connect() {
        retryTimer = nil
        guard !stopped else { return }
        let settings = service.settings(for: source.key.vhost)
        let target: OriginEndpoint
        if let redirect = redirectTarget {
            target = redirect
            redirectTarget = nil
        } else if let next = service.nextOrigin(for: settings) {
            target = next
        } else {
            lastError = "no origin configured"
            log.warn("edge: no origin for \(source.key.url), retry in 3000ms", cid: cid)
            scheduleRetry(after: 3000)
            return
        }
        sessions += 1
        if sessions > 1 {
            rebaser.startSession()
            suppressRepeats = true
        }
        state = .connecting
        origin = target.description
        let upstream = service.makePullUpstream(origin: target, request: request, settings: settings, cid: cid)
        self.upstream = upstream
        upstream.delegate = self
        log.trace("edge-pull publish url \(service.describeUpstream(origin: target, request: request, settings: settings)), "
                  + "stream=\(source.key.stream) as \(request.key.stream)", cid: cid)
        upstream.start()
    }

    private func scheduleRetry(after millis: Int64) {
        service.loop.cancel(retryTimer)
        retryTimer = service.loop.schedule(after: millis) { [weak self] in self?.connect() }
    }

    // MARK: EdgeUpstreamDelegate

    func upstreamDidStart(_ upstream: EdgeUpstream) {
        guard upstream === self.upstream else { return }
        state = .pulling
        log.trace("edge change from 100 to state 101 (pull). origin=\(upstream.endpoint)", cid: cid)
    }

    func upstream(_ upstream: EdgeUpstream, didReceive packet: MediaPacket) {
        guard upstream === self.upstream, !stopped else { return }
        failuresInRow = 0
        redirectsInRow = 0
        var packet = packet
        switch packet.kind {
        case .script:
            if suppressRepeats, let cached = source.meta.metadata, cached.payload.hasSameBytes(as: packet.payload) { return }
            packet.timestamp = rebaser.metadataTimestamp
        case .audio, .video:
            if packet.isSequenceHeader {
                let cached = packet.kind == .video ? source.meta.videoSequenceHeader : source.meta.audioSequenceHeader
                if suppressRepeats, let cached, cached.payload.hasSameBytes(as: packet.payload) { return }
            } else {
                suppressRepeats = false
            }
            packet.timestamp = rebaser.map(packet.timestamp)
        }
        source.feed(packet)
    }

    func upstream(_ upstream: EdgeUpstream, didEndWith error: (any Error)?, redirect: String?) {
        guard upstream === self.upstream, !stopped else { return }
        bytesBefore += upstream.bytesReceived
        self.upstream = nil
        if let redirect {
            redirectsInRow += 1
            if redirectsInRow <= 3, let target = RedirectTarget.endpoint(in: redirect) {
                redirects += 1
                log.trace("RTMP redirect \(source.key.url) from \(upstream.endpoint) to \(redirect)", cid: cid)
                redirectTarget = target
                state = .connecting
                service.loop.deferToIterationEnd { [weak self] in self?.connect() }
                return
            }
            lastError = "too many redirects, last \(redirect)"
        } else {
            lastError = error.map { "\($0)" } ?? "upstream closed"
        }
        failuresInRow += 1
        state = .waiting
        let origins = max(1, service.originCount(for: service.settings(for: source.key.vhost)))
        let delay: Int64 = failuresInRow <= origins ? 0 : min(3000, 100 << min(5, failuresInRow - origins - 1))
        log.warn("EdgeIngester: Ignore error, origin=\(upstream.endpoint), \(lastError); retry in \(delay)ms", cid: cid)
        if delay == 0 {
            service.loop.deferToIterationEnd { [weak self] in
                guard let self, self.upstream == nil, self.retryTimer == nil else { return }
                self.connect()
            }
        } else {
            scheduleRetry(after: delay)
        }
    }
}
