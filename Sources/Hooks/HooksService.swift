import API
import Clients
import Core
import HTTP
import IO
import Live

/// HTTP callbacks (srs-facts §5.9) on the loop: on_connect / on_publish / on_play may refuse a
/// client, the others are told and their failures only logged. A slow hook server delays only
/// the client it concerns; a timeout (SRS: 30 s) counts as a refusal.
public final class HooksService: ClientHooks {
    private unowned let loop: EventLoop
    private let resolver: Resolver
    /// A vhost's hooks (nil = `http_hooks` off); replaced on reload.
    public var settingsLookup: (String) -> HookSettings?
    public var identity: () -> HookBody.Identity
    /// The API's id of a stream, when it has one (`stream_id`).
    public var streamID: (StreamKey) -> String? = { _ in nil }
    public var timeoutMillis: Int64 = 30_000
    private var calls: [Int: HookCall] = [:]
    private var notifies: [Int: NotifyReader] = [:]
    private var nextID = 0

    public init(loop: EventLoop, resolver: Resolver, settingsLookup: @escaping (String) -> HookSettings?,
                identity: @escaping () -> HookBody.Identity) {
        self.loop = loop
        self.resolver = resolver
        self.settingsLookup = settingsLookup
        self.identity = identity
    }

    public var pendingCalls: Int { calls.count }

    public func ask(_ gate: HookGate, _ subject: HookSubject, completion: @escaping ((any Error)?) -> Void) -> Bool {
        guard let settings = settingsLookup(subject.vhost) else { return false }
        let urls: [String]
        let body: JSONValue
        switch gate {
        case .connect:
            urls = settings.onConnect
            body = HookBody.connect(subject, identity())
        case .publish:
            urls = settings.onPublish
            body = HookBody.stream(action: "on_publish", subject, identity(), streamID: streamID(subject.key))
        case .play:
            urls = settings.onPlay
            body = HookBody.play(subject, identity(), streamID: streamID(subject.key))
        }
        guard !urls.isEmpty else { return false }
        run(gate.rawValue, urls, body, subject.clientID) { error in completion(error) }
        return true
    }

    public func tell(_ notice: HookNotice, _ subject: HookSubject) {
        guard let settings = settingsLookup(subject.vhost) else { return }
        switch notice {
        case .close(let sent, let received):
            run("on_close", settings.onClose, HookBody.close(subject, identity(), sendBytes: sent, recvBytes: received), subject.clientID)
        case .unpublish:
            run("on_unpublish", settings.onUnpublish,
                HookBody.stream(action: "on_unpublish", subject, identity(), streamID: streamID(subject.key)), subject.clientID)
        case .stop:
            run("on_stop", settings.onStop, HookBody.stream(action: "on_stop", subject, identity(), streamID: streamID(subject.key)),
                subject.clientID)
        }
    }

    /// on_hls for a published segment, then on_hls_notify (a GET whose answer is read up to
    /// `hls_nb_notify` bytes and ignored, 10 s timeout).
    public func hlsSegment(_ subject: HookSubject, segment: HookBody.Segment, tsURL: String) {
        guard let settings = settingsLookup(subject.vhost) else { return }
        run("on_hls", settings.onHls, HookBody.hls(subject, identity(), segment: segment, streamID: streamID(subject.key)),
            subject.clientID)
        for template in settings.onHlsNotify {
            notify(HookBody.notifyURL(template: template, subject, identity(), tsURL: tsURL), bytes: settings.notifyBytes,
                   cid: subject.clientID)
        }
    }

    private func notify(_ text: String, bytes: Int, cid: String) {
        guard let url = try? HTTPURL(parsing: text) else {
            log.warn("http hook on_hls_notify: invalid url \(text)", cid: ContextID(cid))
            return
        }
        let id = nextID
        nextID += 1
        let reader = NotifyReader(limit: bytes, url: text, cid: cid, started: loop.now, loop: loop) { [weak self] in
            self?.notifies[id] = nil
        }
        let client = HTTPClient(loop: loop, resolver: resolver, url: url, request: HTTPClient.request("GET", url),
                                timeoutMillis: 10_000, mode: .streaming(reader))
        reader.client = client
        notifies[id] = reader
        client.start()
    }

    /// on_dvr for a closed recording.
    public func dvrClosed(_ subject: HookSubject, file: HookBody.File) {
        guard let settings = settingsLookup(subject.vhost) else { return }
        run("on_dvr", settings.onDvr, HookBody.dvr(subject, identity(), file: file, streamID: streamID(subject.key)), subject.clientID)
    }

    private func run(_ action: String, _ urls: [String], _ body: JSONValue, _ cid: String,
                     completion: ((HookError?) -> Void)? = nil) {
        guard !urls.isEmpty else { return }
        let id = nextID
        nextID += 1
        let call = HookCall(loop: loop, resolver: resolver, action: action, urls: urls, body: body, cid: cid,
                            timeoutMillis: timeoutMillis) { [weak self] error in
            self?.calls[id] = nil
            completion?(error)
        }
        calls[id] = call
        call.start()
    }

    public func stopAll() {
        for call in calls.values { call.cancel() }
        calls.removeAll()
        for reader in notifies.values { reader.client?.cancel() }
        notifies.removeAll()
    }
}
