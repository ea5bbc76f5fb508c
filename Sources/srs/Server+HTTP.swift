import API
import APIService
import Config
import Core
import HTTP
import HTTPRemux
import IO
import Live

extension ServerConfig {
    /// The HTTP listeners' view of the config.
    var httpSettings: HTTPServerSettings {
        HTTPServerSettings(
            apiEnabled: httpAPI.enabled,
            apiEndpoint: HTTPEndpoint(host: httpAPI.listen.host, port: Int(httpAPI.listen.port)),
            serverEnabled: httpServer.enabled,
            serverEndpoint: HTTPEndpoint(host: httpServer.listen.host, port: Int(httpServer.listen.port)),
            root: httpServer.dir, crossDomain: httpServer.crossdomain,
            apiAuth: httpAPI.auth.enabled ? BasicAuth(username: httpAPI.auth.username, password: httpAPI.auth.password) : nil,
            exporterEnabled: exporter.enabled,
            exporterEndpoint: HTTPEndpoint(host: exporter.listen.host, port: Int(exporter.listen.port)),
            apiHTTPS: httpAPI.https.listenerSettings, serverHTTPS: httpServer.https.listenerSettings)
    }

    /// `http_remux` of a request's host: its own vhost, else the default one.
    func remuxLookup() -> (String) -> (vhost: String, settings: RemuxSettings)? {
        let resolve = vhostResolver()
        return { host in
            guard let vhost = resolve(host), vhost.enabled else { return nil }
            let remux = vhost.httpRemux
            var settings = RemuxSettings(enabled: remux.enabled, mount: remux.mount, hasAudio: remux.hasAudio,
                                         hasVideo: remux.hasVideo, guessHasAV: remux.guessHasAV,
                                         dropIfNotMatch: remux.dropIfNotMatch, fastCacheMillis: remux.fastCache.millis,
                                         play: vhost.playSettings, security: vhost.securityPolicy)
            settings.annexbFirst = vhost.publish.tryAnnexbFirst
            return (vhost.name, settings)
        }
    }

    /// HLS session settings (`hls_ctx`, `hls_ts_ctx`) of a request's host.
    func hlsContextLookup() -> (String) -> HLSContextSettings? {
        let resolve = vhostResolver()
        return { host in
            guard let vhost = resolve(host), vhost.enabled, vhost.hls.enabled else { return nil }
            return HLSContextSettings(vhost: vhost.name, ctx: vhost.hls.ctx, tsCtx: vhost.hls.tsCtx,
                                      windowMillis: vhost.hls.window.millis)
        }
    }

    /// What the API shows of each vhost.
    func apiVhostInfo() -> (String) -> APIVhostInfo {
        let resolve = vhostResolver()
        return { name in
            guard let vhost = resolve(name) else { return APIVhostInfo() }
            return APIVhostInfo(enabled: vhost.enabled, hlsEnabled: vhost.hls.enabled,
                                hlsFragment: Double(vhost.hls.fragment.millis) / 1000, parseSPS: vhost.publish.parseSps)
        }
    }
}

extension Server {
    /// Builds the HTTP server, its routes (static files, HTTP-FLV/TS mounts, the API) and opens
    /// the listeners the config asks for.
    func startHTTP(serverID: String) throws {
        let http = HTTPServer(loop: loop, settings: config.httpSettings,
                              acquireSlot: { [unowned self] in self.limiter.acquire() },
                              releaseSlot: { [unowned self] in self.limiter.release() })
        let files = StaticFileHandler(root: config.httpServer.dir, server: http)
        let sessions = HLSSessions(clients: clients, lookup: config.hlsContextLookup())
        files.hlsSessions = sessions
        sessions.hooks = hookRole.hooks
        sessions.board = group?.hlsSessions
        sessions.worker = workerIndex
        hlsSessionTimer = loop.scheduleRepeating(every: 5000) { [unowned sessions] in
            sessions.expire(nowMillis: Clock.wallMillis())
        }
        try? http.serverRouter.handle("/", files)
        let streams = HTTPStreamHandler(server: http, registry: registry, clients: clients,
                                        remuxLookup: config.remuxLookup())
        http.streamRoute = { [unowned streams] request in streams.route(request) }
        streams.hooks = hookRole.hooks
        streams.locateStream = { [unowned self] request, target, completion in
            self.cluster.locateForHTTP(request, target: target, completion: completion)
        }
        let api = APIService(server: http, registry: registry, clients: clients, serverID: group?.serverID ?? serverID,
                             serviceID: group?.serviceID ?? ContextID.randomToken(length: 8),
                             processSamples: group?.processSamples ?? ProcessSamples(),
                             vhostInfo: config.apiVhostInfo()) { [unowned self] in self.traffic() }
        if let group, let calls, let workers = workerStreams {
            streams.publishedByAnotherWorker = { [unowned workers] key in workers.remoteOwner(of: key) != nil }
            api.sharedIDs = { [mesh = group.mesh] name in mesh.sharedID(name) }
            api.isWorkerPull = { [unowned workers] key in workers.isPulling(key) }
            api.peerStats = { [unowned calls] parts, completion in
                calls.ask({ server in server.api?.localStats(parts) ?? WorkerStats() }, completion: completion)
            }
            api.peerKick = { [unowned calls] id, completion in
                calls.ask({ server in server.api?.kickLocal(id) ?? false }) { answers in completion(answers.contains(true)) }
            }
        }
        clients.willRemove = { [unowned api] client in api.clientWillLeave(client) }
        hookRole.attach(api: api)
        api.upstreamLookup = { [unowned self] key in self.cluster.upstreamSnapshot(of: key) }
        api.forwardLookup = { [unowned self] key in self.forwardRole.snapshots(of: key) }
        api.recordingLookup = { [unowned self] key in self.dvr.snapshot(of: key) }
        api.clusterStreams = { [unowned self] completion in self.cluster.coworkerStreams(completion: completion) }
        api.clusterOrigin = { [unowned self] query, coworker in self.cluster.clusterOrigin(query, coworker: coworker) }
        httpServer = http
        staticFiles = files
        streamHandler = streams
        self.api = api
        services.append(ExporterRole(api: api, config: config))
        services.append(RawAPIRole(api: api, config: config) { [unowned self] in
            log.trace("raw api: rpc=reload")
            self.reload()
        })
        try http.apply(config.httpSettings, certificates: HTTPSCertificates.load(config.httpSettings))
    }

    /// Total bytes (closed connections included) and connections of every protocol (API
    /// summaries, the exporter).
    func traffic() -> (recv: UInt64, send: UInt64, connections: Int) {
        let closed = httpServer?.closedBytes ?? (received: 0, sent: 0)
        var recv = rtmp.closedBytes.received &+ closed.received, send = rtmp.closedBytes.sent &+ closed.sent
        for connection in rtmp.connections.values {
            recv &+= connection.connection.bytesReceived
            send &+= connection.connection.bytesSent
        }
        for connection in (httpServer?.connections.values).map(Array.init) ?? [] {
            recv &+= connection.connection.bytesReceived
            send &+= connection.connection.bytesSent
        }
        return (recv, send, limiter.current)
    }

    /// Reload: listeners moved/enabled/disabled, certificates read again (validated by the
    /// caller), mounts and API vhost facts replaced.
    func applyHTTP(_ diff: ConfigDiff, new: ServerConfig, certificates: [TLSFiles: TLSContext]) {
        streamHandler?.remuxLookup = new.remuxLookup()
        api?.vhostInfo = new.apiVhostInfo()
        staticFiles?.root = new.httpServer.dir
        staticFiles?.hlsSessions?.lookup = new.hlsContextLookup()
        guard diff.httpAPIChanged || diff.httpServerChanged || diff.exporterChanged || !certificates.isEmpty,
              quit == nil, let httpServer else { return }
        do {
            try httpServer.apply(new.httpSettings, certificates: certificates)
        } catch {
            log.error("reload: \(error); the other listeners keep running")
        }
    }
}
