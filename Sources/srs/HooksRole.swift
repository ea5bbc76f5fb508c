import APIService
import Config
import DVR
import HLS
import Hooks
import IO
import Live

extension ServerConfig {
    /// A vhost's hooks (own vhost, else the default one); nil when `http_hooks` is off.
    func hookLookup() -> (String) -> HookSettings? {
        let resolve = vhostResolver()
        return { name in
            guard let vhost = resolve(name), vhost.httpHooks.enabled else { return nil }
            let h = vhost.httpHooks
            return HookSettings(onConnect: h.onConnect, onClose: h.onClose, onPublish: h.onPublish, onUnpublish: h.onUnpublish,
                                onPlay: h.onPlay, onStop: h.onStop, onDvr: h.onDvr, onHls: h.onHls, onHlsNotify: h.onHlsNotify,
                                notifyBytes: vhost.hls.nbNotify)
        }
    }
}

/// HTTP callbacks for the RTMP service, HTTP-FLV players and HLS sessions.
final class HooksRole: ServerService {
    let hooks: HooksService

    init(loop: EventLoop, resolver: Resolver, config: ServerConfig) {
        hooks = HooksService(loop: loop, resolver: resolver, settingsLookup: config.hookLookup(),
                             identity: { HookBody.Identity(serverID: "", serviceID: "") })
    }

    /// The API knows the server's ids and the streams' ids.
    func attach(api: APIService) {
        let identity = api.identity
        hooks.identity = { HookBody.Identity(serverID: identity.serverID, serviceID: identity.serviceID) }
        hooks.streamID = { [unowned api] key in api.streamID(of: key) }
    }

    /// on_hls / on_hls_notify for a published segment, on behalf of the stream's publisher.
    func hlsSegment(_ event: HLSSegmentEvent, clients: ClientRegistry) {
        let publisher = clients.clients(of: event.key).first { $0.isPublishClient }
        let subject = HookSubject(clientID: publisher?.clientID.value ?? "", ip: publisher?.clientIP ?? "",
                                  vhost: event.key.vhost, app: event.key.app, stream: event.key.stream,
                                  tcUrl: publisher?.clientTcUrl ?? "")
        let segment = HookBody.Segment(durationMillis: event.durationMillis, cwd: APIService.currentDirectory(),
                                       file: event.path, url: event.url, m3u8: event.m3u8Path, m3u8URL: event.m3u8URL,
                                       sequence: event.sequence)
        hooks.hlsSegment(subject, segment: segment, tsURL: event.uri)
    }

    /// on_dvr for a finished recording, on behalf of the publisher that made it.
    func dvrClosed(_ file: DVRFile, clients: ClientRegistry) {
        let publisher = clients.clients(of: file.key).first { $0.isPublishClient }
        let subject = HookSubject(clientID: file.publisherID?.value ?? publisher?.clientID.value ?? "",
                                  ip: publisher?.clientIP ?? "", vhost: file.key.vhost, app: file.key.app, stream: file.key.stream,
                                  tcUrl: publisher?.clientTcUrl ?? "")
        hooks.dvrClosed(subject, file: HookBody.File(cwd: file.cwd, file: file.path))
    }

    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        hooks.settingsLookup = config.hookLookup()
    }

    func drain() {}

    func stop() { hooks.stopAll() }
}
