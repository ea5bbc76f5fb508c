import Codec
import Core
import HTTP
import IO
import Live

/// Serves `http_remux` mounts: finds (or creates, SRS's hijack) the source and attaches an
/// HTTP-FLV, TS, MP3 or AAC player that waits for the publisher if there is none yet. Keeps the
/// audio fast caches (`fast_cache`) of published streams whose vhost mounts `.mp3` / `.aac`.
public final class HTTPStreamHandler: HTTPHandler {
    unowned let server: HTTPServer
    let registry: SourceRegistry
    let clients: ClientRegistry
    /// Remux settings of a vhost name, falling back to the default vhost; replaced on reload.
    public var remuxLookup: (String) -> (vhost: String, settings: RemuxSettings)?
    /// Players per stream, closed when the stream is unpublished.
    private var players: [StreamKey: [ObjectIdentifier: HTTPStreamPlayer]] = [:]
    /// Audio fast caches of published streams (only where `fast_cache` and an audio mount are set).
    private var fastCaches: [StreamKey: AudioFastCache] = [:]
    /// Builds the muxer for a format.
    public var makeMuxer: (RemuxMount.Format, RemuxSettings) -> StreamMuxer? = { format, settings in
        switch format {
        case .flv: return FLVStreamMuxer(settings: settings)
        case .ts: return TSStreamMuxer(annexbFirst: settings.annexbFirst)
        case .mp3: return MP3StreamMuxer()
        case .aac: return AACStreamMuxer()
        }
    }

    /// Origin cluster, beyond SRS: the URL of the coworker that publishes a stream this node does
    /// not have (nil = nobody), for an HTTP 302; nil when the request's vhost is no origin cluster.
    public var locateStream: ((StreamRequest, _ target: String, @escaping (String?) -> Void) -> Bool)?
    /// `workers N`: another worker of this process publishes the stream (no coworker lookup).
    public var publishedByAnotherWorker: (StreamKey) -> Bool = { _ in false }
    private var lookups: [ObjectIdentifier: HeldRequest] = [:]
    /// HTTP callbacks: on_play may refuse a player, on_stop is told when it leaves.
    public var hooks: ClientHooks?

    public init(server: HTTPServer, registry: SourceRegistry, clients: ClientRegistry,
                remuxLookup: @escaping (String) -> (vhost: String, settings: RemuxSettings)?) {
        self.server = server
        self.registry = registry
        self.clients = clients
        self.remuxLookup = remuxLookup
    }

    /// The route hook: self when the request names a mounted stream.
    public func route(_ request: HTTPRequest) -> HTTPHandler? {
        matchStream(request) != nil ? self : nil
    }

    private func matchStream(_ request: HTTPRequest) -> (StreamKey, RemuxMount, RemuxSettings)? {
        guard let (vhost, settings) = remuxLookup(request.hostName ?? ""), settings.enabled,
              let mount = RemuxMount(template: settings.mount),
              let key = mount.match(path: request.path, vhost: vhost) else { return nil }
        return (key, mount, settings)
    }

    public func serve(_ request: HTTPRequest, on connection: HTTPConnection) {
        guard let (key, mount, settings) = matchStream(request) else {
            server.respondError(.notFound, request, connection)
            return
        }
        do {
            try settings.security.check(.play, ip: connection.peerIP)
        } catch {
            log.warn("http: \(error)", cid: connection.cid)
            server.respondError(.forbidden, request, connection)
            return
        }
        guard let muxer = makeMuxer(mount.format, settings) else {
            server.respondError(.notFound, request, connection)
            return
        }
        let param = request.rawQuery.isEmpty ? "" : "?" + request.rawQuery
        let subject = HookSubject(clientID: connection.cid.value, ip: connection.peerIP, vhost: key.vhost, app: key.app,
                                  stream: key.stream, param: param, tcUrl: "http://\(request.host ?? "")\(request.path)")
        let held = HeldRequest()
        // The connection is captured strongly: the hook client holds the answer for a bounded
        // time (its timeout) and `held` says whether the client left. A weak capture would give
        // every HTTP connection a side table (slow retains on the whole fan-out path).
        let asked = hooks?.ask(.play, subject) { [weak self, connection] error in
            guard let self, !held.closed else { return }
            if let error {
                log.warn("http: \(muxer.clientType) refused by on_play: \(error)", cid: connection.cid)
                connection.respond(HTTPResponseHead.error(.forbidden, keepAlive: false, extraHeaders: self.server.cors(request)),
                                   keepAlive: false)
                return
            }
            self.locateOrPlay(key: key, muxer: muxer, settings: settings, request: request, connection: connection, hooked: subject)
        } ?? false
        if asked {
            // SRS compat: on_play answers before the stream starts; the request is held meanwhile.
            connection.beginStreaming(held)
            return
        }
        locateOrPlay(key: key, muxer: muxer, settings: settings, request: request, connection: connection, hooked: subject)
    }

    /// After on_play: the origin-cluster lookup (beyond SRS: HTTP 302) or the player.
    private func locateOrPlay(key: StreamKey, muxer: StreamMuxer, settings: RemuxSettings, request: HTTPRequest,
                              connection: HTTPConnection, hooked: HookSubject?) {
        if registry.source(for: key)?.isPublishing != true, !publishedByAnotherWorker(key), let locate = locateStream {
            let pending = HeldRequest()
            let asked = StreamRequest(key: key, tcUrl: "http://\(request.host ?? "")\(request.path)",
                                      param: request.rawQuery.isEmpty ? "" : "?" + request.rawQuery,
                                      host: request.hostName ?? "", clientIP: connection.peerIP, format: .flv)
            let started = locate(asked, request.target) { [weak self, connection] location in
                guard let self, let pending = self.lookups.removeValue(forKey: ObjectIdentifier(connection)),
                      !pending.closed else { return }
                if let location {
                    log.trace("http: redirect in cluster, stream_url=\(key.url), target=\(location)", cid: connection.cid)
                    connection.respond(HTTPResponseHead.redirect(to: location, keepAlive: false,
                                                                 extraHeaders: self.server.cors(request)), keepAlive: false)
                } else {
                    self.startPlayer(key: key, muxer: muxer, settings: settings, request: request, connection: connection,
                                     hooked: hooked)
                }
            }
            if started {
                lookups[ObjectIdentifier(connection)] = pending
                // The connection is held (no further requests read) until the lookup answers.
                connection.beginStreaming(pending)
                return
            }
        }
        startPlayer(key: key, muxer: muxer, settings: settings, request: request, connection: connection, hooked: hooked)
    }

    private func startPlayer(key: StreamKey, muxer: StreamMuxer, settings: RemuxSettings, request: HTTPRequest,
                             connection: HTTPConnection, hooked: HookSubject?) {
        let source = registry.fetchOrCreate(key, settings: settings.play)
        let player = HTTPStreamPlayer(handler: self, connection: connection, request: request, key: key,
                                      muxer: muxer, cors: server.cors(request))
        player.hookSubject = hooked
        players[key, default: [:]][ObjectIdentifier(player)] = player
        clients.add(player)
        connection.beginStreaming(player)
        player.start(source: source, request: request, play: settings.play,
                     replacingGOP: muxer.replaysGOP ? nil : fastCacheReplay(key, settings: settings, cid: connection.cid),
                     startsAtLiveEdge: !muxer.replaysGOP && settings.fastCacheMillis == 0)
        log.trace("http: \(muxer.clientType) start, stream_url=\(key.url), publishing=\(source.isPublishing)", cid: connection.cid)
    }

    func playerDidStop(_ player: HTTPStreamPlayer) {
        if let subject = player.hookSubject {
            player.hookSubject = nil
            hooks?.tell(.stop, subject)
        }
        clients.remove(player)
        players[player.key]?[ObjectIdentifier(player)] = nil
        if players[player.key]?.isEmpty == true { players[player.key] = nil }
        registry.releaseIfIdle(player.key)
    }

    /// What an audio player starts with instead of the GOP: the newest fast-cache frames, at most
    /// half the player's queue (a longer replay would make its own queue shrink at once).
    private func fastCacheReplay(_ key: StreamKey, settings: RemuxSettings, cid: ContextID) -> [MediaPacket] {
        guard let cache = fastCaches[key] else { return [] }
        let frames = cache.replay(limitMillis: settings.play.queueLengthMillis / 2)
        if let first = frames.first, let last = frames.last {
            log.trace("http: dump cache \(frames.count) msgs, duration=\(last.timestamp - first.timestamp)ms, "
                      + "cache=\(Double(cache.windowMillis) / 1000)s", cid: cid)
        }
        return frames
    }

    /// `workers N`: what another worker's pull of this stream starts with — the fast cache's
    /// audio older than the GOP (at most half a player's queue), then the GOP — so that worker's audio players get the burst
    /// (and its own fast cache fills from it); nil when the stream has no fast cache.
    public func replayForPull(_ source: LiveSource) -> [MediaPacket]? {
        guard let cache = fastCaches[source.key], cache.count > 0 else { return nil }
        let gop = source.gop.packets
        let start = gop.first?.timestamp ?? Int64.max
        // As for a local player: at most half a player's queue, or its queue would shrink at once.
        let frames = cache.replay(limitMillis: source.consumerSettings.queueLengthMillis / 2).filter { $0.timestamp < start }
        if let first = frames.first, let last = frames.last {
            log.trace("http: dump cache \(frames.count) msgs, duration=\(last.timestamp - first.timestamp)ms, "
                      + "cache=\(Double(cache.windowMillis) / 1000)s, to a worker's pull of \(source.key.url)")
        }
        return frames + gop
    }

    /// A stream got a publisher: its vhost's audio mount with `fast_cache` starts caching.
    public func sourceDidPublish(_ source: LiveSource) {
        let key = source.key
        guard let (_, settings) = remuxLookup(key.vhost), settings.enabled, settings.fastCacheMillis > 0,
              let mount = RemuxMount(template: settings.mount), mount.format.isAudioOnly else { return }
        if let old = fastCaches[key] { source.removeObserver(old) }
        let cache = AudioFastCache(windowMillis: settings.fastCacheMillis)
        fastCaches[key] = cache
        source.addObserver(cache)
    }

    /// SRS compat: HTTP players are disconnected when their stream is unpublished. The fast
    /// cache goes too (the next publish starts a new timeline).
    public func sourceDidUnpublish(_ key: StreamKey) {
        if let cache = fastCaches.removeValue(forKey: key) { registry.source(for: key)?.removeObserver(cache) }
        guard let group = players[key] else { return }
        for player in Array(group.values) { player.close(reason: "stream unpublished") }
    }

    /// Streams with an audio fast cache (for tests and the log).
    var fastCacheCount: Int { fastCaches.count }

    /// Applies reloaded play settings to live players of `key`.
    public var playerCount: Int { players.values.reduce(0) { $0 + $1.count } }
}
