import APIService
import Cluster
import Config
import Core
import HLS
import HTTPRemux
import IO
import Live
import RTMPService
#if canImport(Glibc)
import Glibc
#endif

/// The composition root: listeners, services and signals on one event loop.
final class Server {
    let loop: EventLoop
    /// The config file (or the environment alone) and the environment snapshot, for reloads.
    let source: ConfigSource
    /// The config's name in messages: the file, or `(env)`.
    var configPath: String { source.displayName }
    var config: ServerConfig
    let registry = SourceRegistry()
    let clients = ClientRegistry()
    let limiter: ConnectionLimiter
    let rtmp: RTMPService
    var rtmpListeners: [ListenAddress: Listener] = [:]
    private var signals: SignalSource?
    var watcher: FileWatcher?
    /// Directories of HTTPS key/cert files outside the config's directory (a Kubernetes Secret
    /// mount): a changed file reloads like a changed config.
    var certificateWatchers: [String: FileWatcher] = [:]
    var reloadTimer: Timer?
    var quit: QuitSequence?
    var httpServer: HTTPServer?
    var staticFiles: StaticFileHandler?
    var streamHandler: HTTPStreamHandler?
    var api: APIService?
    var hls: HLSService?
    var hlsTimer: Timer?
    var hlsSessionTimer: Timer?
    let inContainer: Bool
    let resolver: Resolver
    let cluster: ClusterRole
    let hookRole: HooksRole
    let forwardRole: ForwardRole
    let dvr: DVRRole
    /// Feature services driven through one lifecycle (reload, drain, stop).
    var services: [ServerService] = []
    /// `workers N`: the process's workers, this one's index (0 takes the signals), its in-process
    /// pulls and its questions to the others. Nil / 0 with one worker.
    let group: WorkerGroup?
    let workerIndex: Int
    private(set) var workerStreams: WorkerStreams?
    private(set) var calls: WorkerCalls?

    init(config: ServerConfig, source: ConfigSource, inContainer: Bool, group: WorkerGroup? = nil, workerIndex: Int = 0) throws {
        self.config = config
        self.source = source
        self.inContainer = inContainer
        self.group = group
        self.workerIndex = workerIndex
        loop = try EventLoop()
        limiter = group?.limiter ?? ConnectionLimiter(maxConnections: config.maxConnections)
        rtmp = RTMPService(loop: loop, registry: registry, clients: clients, limiter: limiter, vhostLookup: Server.vhostLookup(config))
        resolver = Resolver(loop: loop)
        cluster = ClusterRole(loop: loop, resolver: resolver, registry: registry, config: config)
        services.append(cluster)
        hookRole = HooksRole(loop: loop, resolver: resolver, config: config)
        services.append(hookRole)
        rtmp.hooks = hookRole.hooks
        forwardRole = ForwardRole(loop: loop, resolver: resolver, config: config)
        services.append(forwardRole)
        dvr = DVRRole(config: config, registry: registry)
        services.append(dvr)
        if workerIndex == 0 {
            services.append(ParentWatchRole(loop: loop, config: config) { [unowned self] in self.fastQuitAll() })
        }
        services.append(HeapTrimRole(loop: loop))
        dvr.service.onFileClosed = { [unowned self] file in self.hookRole.dvrClosed(file, clients: self.clients) }
        rtmp.onPublish = { [unowned self] source, request, publisher in
            self.sourceDidStartPublishing(source)
            self.cluster.edge.publisherDidStart(source, request: request, publisherID: publisher)
            self.forwardRole.forward.publisherDidStart(source, request: request, publisherID: publisher)
        }
        rtmp.onUnpublish = { [unowned self] source in
            self.cluster.edge.publisherDidStop(source)
            self.forwardRole.forward.publisherDidStop(source)
            self.sourceDidStopPublishing(source)
        }
        rtmp.traverseToken = { [unowned self] request, connect, completion in
            self.cluster.edge.traverseToken(request, connectObject: connect, completion: completion)
        }
        rtmp.locateStream = { [unowned self] request, completion in self.cluster.locateForRTMP(request, completion: completion) }
        cluster.edge.onPublish = { [unowned self] source in self.sourceDidStartPublishing(source) }
        cluster.edge.onUnpublish = { [unowned self] source in self.sourceDidStopPublishing(source) }
        cluster.edge.kickPublisher = { [unowned self] key in
            for client in self.clients.clients(of: key) where client.isPublishClient { client.kick() }
        }
        if let group { try joinWorkers(group) }
    }

    /// `workers N`: streams another worker publishes are pulled in process; publishers are
    /// arbitrated process-wide; the other workers can reach this one's mailbox.
    private func joinWorkers(_ group: WorkerGroup) throws {
        let streams = WorkerStreams(index: workerIndex, mesh: group.mesh, loop: loop, registry: registry)
        let edge = cluster.edge
        streams.upstream = { [unowned edge] key in edge.isEdge(key.vhost) ? edge : nil }
        streams.onPublish = { [unowned self] source in self.streamHandler?.sourceDidPublish(source) }
        streams.onUnpublish = { [unowned self] source in self.sourceDidStopPublishing(source) }
        streams.initialReplay = { [unowned self] source in self.streamHandler?.replayForPull(source) }
        registry.arbiter = streams
        registry.isMirror = { [unowned streams] key in streams.isPulling(key) }
        registry.supplierFor = { [unowned streams] _ in streams }
        rtmp.publishedByAnotherWorker = { [unowned streams] key in streams.remoteOwner(of: key) != nil }
        cluster.publishedByAnotherWorker = { [unowned streams] key in streams.remoteOwner(of: key) != nil }
        try streams.open()
        workerStreams = streams
        calls = WorkerCalls(index: workerIndex, group: group, loop: loop)
        try group.mailboxes[workerIndex].open(loop: loop, owner: self)
    }

    /// A stream got a publisher (local, or an edge pull): HLS, DVR and audio fast caches follow it.
    private func sourceDidStartPublishing(_ source: LiveSource) {
        hls?.sourceDidStartPublishing(source)
        dvr.sourceDidStartPublishing(source)
        streamHandler?.sourceDidPublish(source)
    }

    /// A stream lost its publisher: HTTP stream players of it are closed (SRS compat).
    private func sourceDidStopPublishing(_ source: LiveSource) {
        streamHandler?.sourceDidUnpublish(source.key)
    }

    /// The RTMP view of the configured vhosts.
    static func vhostLookup(_ config: ServerConfig) -> (String) -> RTMPVhostSettings? {
        let vhosts = Dictionary(config.vhosts.map { ($0.name, $0.rtmpSettings) }, uniquingKeysWith: { first, _ in first })
        return { vhosts[$0] }
    }

    // MARK: listeners

    /// Opens one RTMP listener per `listen` entry.
    func listen() throws {
        for entry in config.listen { try openRTMPListener(entry) }
    }

    func openRTMPListener(_ entry: ListenAddress) throws {
        guard rtmpListeners[entry] == nil else { return }
        guard let address = SocketAddress(host: entry.host, port: Int(entry.port)) else {
            throw ConfigError.invalid(file: configPath, line: 0, reason: "listen: invalid address \(entry)")
        }
        do {
            let listener = try Listener(loop: loop, address: address) { [unowned self] fd, peer in
                self.accept(fd: fd, peer: peer)
            }
            rtmpListeners[entry] = listener
            log.trace("RTMP listen at tcp://\(listener.address), fd=\(listener.fd)")
        } catch {
            throw error.wrapped("rtmp: listen at \(entry)")
        }
    }

    func closeRTMPListener(_ entry: ListenAddress) {
        guard let listener = rtmpListeners.removeValue(forKey: entry) else { return }
        listener.close()
        log.trace("RTMP listener closed, tcp://\(entry)")
    }

    func closeAllListeners() {
        for entry in Array(rtmpListeners.keys) { closeRTMPListener(entry) }
        httpServer?.closeListeners()
    }

    private func accept(fd: Int32, peer: SocketAddress) {
        guard limiter.acquire() else {
            log.warn("drop client ip=\(peer), fd=\(fd), exceed max_connections=\(limiter.maxConnections), code=\(SRSErrorCode.exceedConnections)")
            close(fd)
            return
        }
        rtmp.accept(fd: fd, peer: peer)
    }

    // MARK: signals

    /// Routes signals through the loop (srs-facts §3.3), reacting at once, not on a 1 s poll.
    func installSignals() throws {
        signal(SIGPIPE, SIG_IGN)
        signals = try SignalSource(loop: loop, signals: [SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2]) { [unowned self] signo in
            self.handleSignal(signo)
        }
        log.trace("signal installed, reload=\(SIGHUP), reopen=\(SIGUSR1), fast_quit=\(SIGTERM), grace_quit=\(SIGQUIT)")
    }

    private func handleSignal(_ signo: Int32) {
        switch signo {
        case SIGUSR1:
            log.reopen()
            log.trace("reopen log file, signo=\(signo)")
        case SIGHUP:
            log.trace("reload config, signo=\(signo)")
            reload()
        case SIGUSR2:
            log.trace("ignore signal \(signo)")
        case SIGQUIT:
            log.trace("sig=\(signo), user start gracefully quit")
            startGracefulQuitAll()
        case SIGTERM where config.forceGraceQuit:
            log.trace("force gracefully quit, signo=\(signo)")
            startGracefulQuitAll()
        default:
            log.trace("sig=\(signo), user terminate program, fast quit")
            fastQuitAll()
        }
    }

    func run() {
        loop.run()
        if let group, workerIndex == 0 {
            // The other workers finish their clients and files (HLS, DVR) before the process ends.
            group.waitForOthers(millis: max(5000, config.graceFinalWait.millis + 2000))
        }
        if workerIndex == 0 { log.trace("srs terminated") }
    }
}
