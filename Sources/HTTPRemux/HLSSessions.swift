import Core
import HTTP
import Live

/// What the HLS session layer needs from a vhost's `hls {}`.
public struct HLSContextSettings: Equatable, Sendable {
    public var vhost: String
    /// `hls_ctx`: answer a bare `.m3u8` with a one-entry master playlist carrying a session id.
    public var ctx: Bool
    /// `hls_ts_ctx`: append the session id to every `.ts` in the playlist.
    public var tsCtx: Bool
    /// A session expires after twice this without requests.
    public var windowMillis: Int64

    public init(vhost: String, ctx: Bool, tsCtx: Bool, windowMillis: Int64) {
        self.vhost = vhost
        self.ctx = ctx
        self.tsCtx = tsCtx
        self.windowMillis = windowMillis
    }
}

/// SRS 5's HLS player sessions (srs-facts §8.4): players are counted in the API as `hls-play`
/// clients by a context id the server hands out in a master playlist.
public final class HLSSessions {
    let clients: ClientRegistry
    /// HLS session settings for a request host (nil = no HLS there).
    public var lookup: (String) -> HLSContextSettings?
    private(set) var sessions: [String: HLSSession] = [:]
    /// HTTP callbacks: on_play when a session opens (a refusal ends it and its requests get 403),
    /// on_stop when it ends.
    public var hooks: ClientHooks?
    private var refused: Set<String> = []
    /// `workers N`: the process's sessions, and this worker's index among them.
    public var board: HLSSessionBoard?
    public var worker = 0

    public init(clients: ClientRegistry, lookup: @escaping (String) -> HLSContextSettings?) {
        self.clients = clients
        self.lookup = lookup
    }

    /// The body to serve instead of the file, or nil to serve the file as is. `fileBody` gives
    /// the playlist file's bytes (nil when missing).
    func playlist(for request: HTTPRequest, peerIP: String, fileBody: () -> [UInt8]?) -> [UInt8]? {
        guard let settings = lookup(request.hostName ?? ""), settings.ctx else { return nil }
        guard let body = fileBody() else { return nil }
        let key = HLSSessions.streamKey(path: request.path, vhost: settings.vhost)
        if let ctx = request.queryValue("hls_ctx"), !ctx.isEmpty {
            if let session = sessions[ctx] {
                session.touch(bytes: body.count)
            } else if let board, board.claim(ctx, by: worker) != worker {
                board.touch(ctx, bytes: body.count, nowMillis: Clock.wallMillis())
            } else {
                open(ctx: ctx, key: key, ip: peerIP, request: request).touch(bytes: body.count)
            }
            return settings.tsCtx ? HLSSessions.rewrite(body, ctx: ctx) : body
        }
        // SRS compat: the master playlist, without a trailing newline.
        var ctx = ContextID.randomToken(length: 8)
        while let board, board.claim(ctx, by: worker) != worker { ctx = ContextID.randomToken(length: 8) }
        _ = open(ctx: ctx, key: key, ip: peerIP, request: request)
        var uri = request.path + "?hls_ctx=" + ctx
        if !request.rawQuery.isEmpty { uri += "&" + request.rawQuery }
        return Array("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AVERAGE-BANDWIDTH=1\n\(uri)".utf8)
    }

    /// A `.ts` request with a session id keeps the session alive and counts its bytes.
    func segmentServed(_ request: HTTPRequest, bytes: Int) {
        guard let ctx = request.queryValue("hls_ctx") else { return }
        if let session = sessions[ctx] {
            session.touch(bytes: bytes)
        } else {
            board?.touch(ctx, bytes: bytes, nowMillis: Clock.wallMillis())
        }
    }

    private func open(ctx: String, key: StreamKey, ip: String, request: HTTPRequest) -> HLSSession {
        let session = HLSSession(id: ctx, key: key, ip: ip, tcUrl: "http://\(request.host ?? "")\(request.path)",
                                 sessions: self)
        sessions[ctx] = session
        clients.add(session)
        let subject = session.hookSubject
        let asked = hooks?.ask(.play, subject) { [weak self] error in
            guard let self, let error else {
                session.approved = true
                return
            }
            log.warn("hls: session \(ctx) refused by on_play: \(error)")
            self.refused.insert(ctx)
            self.close(ctx, refused: true)
        } ?? false
        // No on_play configured: on_stop (if any) is still told when the session ends.
        if !asked { session.approved = true }
        return session
    }

    /// Requests of a session that on_play refused.
    func isRefused(_ request: HTTPRequest) -> Bool {
        guard let ctx = request.queryValue("hls_ctx") else { return false }
        if let board { return board.isRefused(ctx) }
        return !refused.isEmpty && refused.contains(ctx)
    }

    /// Every 5 s: sessions idle for twice the window end (SRS's on_stop point).
    public func expire(nowMillis: Int64) {
        for (ctx, session) in sessions {
            let window = lookup(session.key.vhost)?.windowMillis ?? 60_000
            let lastSeen = max(session.lastSeen, board?.remote(ctx).lastSeen ?? 0)
            if nowMillis - lastSeen > 2 * window { close(ctx) }
        }
    }

    func close(_ ctx: String, refused: Bool = false) {
        guard let session = sessions.removeValue(forKey: ctx) else { return }
        board?.remove(ctx, refused: refused)
        clients.remove(session)
        if session.approved { hooks?.tell(.stop, session.hookSubject) }
    }

    /// Each `.ts` URI line gets `?hls_ctx=` (or `&hls_ctx=`).
    static func rewrite(_ playlist: [UInt8], ctx: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(playlist.count + 512)
        let lines = playlist.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: line)
            let text = String(decoding: line, as: UTF8.self)
            if !text.hasPrefix("#"), text.contains(".ts") {
                out.append(contentsOf: Array((text.contains("?") ? "&hls_ctx=" : "?hls_ctx=").utf8))
                out.append(contentsOf: Array(ctx.utf8))
            }
        }
        return out
    }

    /// `/app/stream.m3u8` → the stream key.
    static func streamKey(path: String, vhost: String) -> StreamKey {
        let parts = path.split(separator: "/").map(String.init)
        var stream = parts.last ?? ""
        if stream.hasSuffix(".m3u8") { stream.removeLast(5) }
        let app = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "__defaultApp__"
        return StreamKey(vhost: vhost, app: app, stream: stream)
    }
}

/// One HLS player, as the API lists it.
final class HLSSession: StatClient {
    let id: String
    let key: StreamKey
    let ip: String
    let tcUrl: String
    unowned let sessions: HLSSessions
    private(set) var lastSeen = Clock.wallMillis()
    private var bytes: UInt64 = 0
    let connectedAt = Clock.wallMillis()
    /// on_play allowed it (on_stop is told at its end).
    var approved = false

    var hookSubject: HookSubject {
        HookSubject(clientID: id, ip: ip, vhost: key.vhost, app: key.app, stream: key.stream, tcUrl: tcUrl)
    }

    init(id: String, key: StreamKey, ip: String, tcUrl: String, sessions: HLSSessions) {
        self.id = id
        self.key = key
        self.ip = ip
        self.tcUrl = tcUrl
        self.sessions = sessions
    }

    func touch(bytes served: Int) {
        lastSeen = Clock.wallMillis()
        bytes &+= UInt64(served)
    }

    var clientID: ContextID { ContextID(id) }
    var clientType: String? { "hls-play" }
    var clientIP: String { ip }
    var clientStream: StreamKey? { key }
    var clientTcUrl: String { tcUrl }
    var clientPageUrl: String { "" }
    var clientSwfUrl: String { "" }
    var clientBytesSent: UInt64 { bytes &+ (sessions.board?.remote(id).bytes ?? 0) }
    var clientBytesReceived: UInt64 { 0 }
    var clientConnectedAt: Int64 { connectedAt }
    var clientDroppedMessages: UInt64 { 0 }

    /// Kicked sessions end; their next playlist request starts a new session.
    func kick() { sessions.close(id) }
}
