import API
import Core
import HTTP
import HTTPRemux
import IO
import Live
#if canImport(Glibc)
import Glibc
#endif

/// SRS's HTTP API (srs-facts §9) on the HTTP server: the `code` envelope, JSONP, method
/// override, pagination, kicking clients; figures sampled every 3 seconds.
public final class APIService {
    unowned let server: HTTPServer
    let bodies: APIBodies
    let stats: StatsCollector
    let system: SystemSampler
    let startedAt = Clock.wallMillis()
    private var timer: Timer?
    /// `exporter {}`: whether `/metrics` answers, and its labels (replaced on reload).
    public var exporter = ExporterSettings()
    /// The answer to `/api/v1/clusters` for a query: this node's origin data when it has the stream.
    public var clusterOrigin: (ClusterQuery, _ coworker: String) -> ClusterOrigin? = { _, _ in nil }
    /// `http_api` and its `raw_api {}` as `/api/v1/raw` sees them (replaced on reload).
    public var rawAPI = RawAPISettings()
    /// The last reload's outcome, for `rpc=reload-fetch`.
    public var lastReload = ReloadRecord()
    /// Reloads the config (`rpc=reload`); called after the reply is queued.
    public var reloadRequested: () -> Void = {}
    /// `workers N`: asks every other worker for its stats (the completion runs on this loop).
    public var peerStats: ((WorkerStats.Parts, @escaping ([WorkerStats]) -> Void) -> Void)?
    /// `workers N`: asks the other workers to kick a client; true when one had it.
    public var peerKick: ((String, @escaping (Bool) -> Void) -> Void)?

    public init(server: HTTPServer, registry: SourceRegistry, clients: ClientRegistry, serverID: String,
                serviceID: String = ContextID.randomToken(length: 8), processSamples: ProcessSamples = ProcessSamples(),
                vhostInfo: @escaping (String) -> APIVhostInfo, traffic: @escaping () -> (recv: UInt64, send: UInt64, connections: Int)) {
        self.server = server
        bodies = APIBodies(envelope: APIEnvelope(serverID: serverID, serviceID: serviceID, pid: getpid()))
        stats = StatsCollector(registry: registry, clients: clients, vhostInfo: vhostInfo)
        system = SystemSampler(process: processSamples, traffic: traffic)
        registerRoutes()
        system.sample(nowMillis: Clock.wallMillis())
        timer = server.loop.scheduleRepeating(every: KbpsSampler.resampleIntervalMillis) { [weak self] in
            guard let self else { return }
            let now = Clock.wallMillis()
            self.stats.sample(nowMillis: now)
            self.system.sample(nowMillis: now)
        }
    }

    /// Beyond SRS: `/api/v1/streams/?cluster=on` asks the coworkers too. The hook answers false
    /// when this node is no origin-cluster member; else it calls back with their lists.
    public var clusterStreams: ((@escaping ([(api: String, streams: [JSONValue]?, error: String)]) -> Void) -> Bool)?

    /// A stream's forward destinations, shown in its stream object.
    public var forwardLookup: (StreamKey) -> [UpstreamSnapshot] {
        get { stats.forwardLookup }
        set { stats.forwardLookup = newValue }
    }

    /// A stream's DVR state, shown in its stream object.
    public var recordingLookup: (StreamKey) -> RecordingSnapshot? {
        get { stats.recordingLookup }
        set { stats.recordingLookup = newValue }
    }

    /// `server` and `service` of every body (hooks send the same ids).
    public var identity: (serverID: String, serviceID: String) { (bodies.envelope.serverID, bodies.envelope.serviceID) }

    /// The API id of a stream (`vid-…`), for hook bodies; also made when the stream has none yet.
    public func streamID(of key: StreamKey) -> String { stats.streamID(key) }

    /// Edge streams' upstreams, shown in their stream objects.
    public var upstreamLookup: (StreamKey) -> UpstreamSnapshot? {
        get { stats.upstreamLookup }
        set { stats.upstreamLookup = newValue }
    }

    /// `workers N`: stream and vhost ids shared by every worker.
    public var sharedIDs: ((String) -> String)? {
        get { stats.sharedID }
        set { stats.sharedID = newValue }
    }

    /// `workers N`: streams this worker pulls from another one.
    public var isWorkerPull: (StreamKey) -> Bool {
        get { stats.isWorkerPull }
        set { stats.isWorkerPull = newValue }
    }

    public var vhostInfo: (String) -> APIVhostInfo {
        get { stats.vhostInfo }
        set { stats.vhostInfo = newValue }
    }

    public func stop() {
        server.loop.cancel(timer)
        timer = nil
    }

    /// Tells the stats a client is leaving (its bytes stay in the stream totals).
    public func clientWillLeave(_ client: StatClient) { stats.clientWillLeave(client) }

    // MARK: routes

    private func registerRoutes() {
        func add(_ pattern: String, _ body: @escaping (HTTPRequest, HTTPConnection) -> Void) {
            // Patterns are constants; a duplicate is a programming error caught by the tests.
            try? server.apiRouter.handle(pattern, APIRoute(body))
        }
        add("/") { [unowned self] r, c in reply(bodies.rootIndex(), r, c) }
        add("/api/") { [unowned self] r, c in reply(bodies.apiIndex(), r, c) }
        add("/api/v1/") { [unowned self] r, c in reply(bodies.v1Index(), r, c) }
        add("/api/v1/versions") { [unowned self] r, c in reply(bodies.versions(), r, c) }
        add("/api/v1/authors") { [unowned self] r, c in reply(bodies.authors(), r, c) }
        add("/api/v1/features") { [unowned self] r, c in reply(bodies.features(), r, c) }
        add("/api/v1/rusages") { [unowned self] r, c in reply(bodies.rusages(.current(sampleTime: Clock.wallMillis())), r, c) }
        add("/api/v1/self_proc_stats") { [unowned self] r, c in reply(bodies.selfProcStats(system.selfProc), r, c) }
        add("/api/v1/system_proc_stats") { [unowned self] r, c in reply(bodies.systemProcStats(system.systemProc), r, c) }
        add("/api/v1/meminfos") { [unowned self] r, c in reply(bodies.meminfos(system.memInfo), r, c) }
        add("/api/v1/summaries") { [unowned self] r, c in
            // The server's bytes are the process's (every worker's, with `workers N`).
            withProcessStats(.totals, r, c) { [unowned self] all, r in
                var server = system.server
                server.recvBytes = all.totals.recvBytes
                server.sendBytes = all.totals.sendBytes
                reply(bodies.summaries(summary(server: server)), r, c)
            }
        }
        add("/api/v1/vhosts/") { [unowned self] r, c in vhosts(r, c) }
        add("/api/v1/streams/") { [unowned self] r, c in streams(r, c) }
        add("/api/v1/clients/") { [unowned self] r, c in clients(r, c) }
        add("/api/v1/clusters") { [unowned self] r, c in clusters(r, c) }
        add("/api/v1/raw") { [unowned self] r, c in raw(r, c) }
        add("/api/v1/tests/requests") { [unowned self] r, c in
            reply(bodies.testRequests(uri: r.target, path: r.path, method: r.method, nowMillis: Clock.wallMillis()), r, c)
        }
        add("/api/v1/tests/errors") { [unowned self] r, c in reply(APIBodies.testError(), r, c) }
        add("/api/v1/tests/redirects") { [unowned self] r, c in
            c.respond(HTTPResponseHead.redirect(to: "/api/v1/tests/errors", status: HTTPStatus(301), keepAlive: r.keepAlive,
                                                extraHeaders: server.cors(r)), keepAlive: r.keepAlive)
        }
        // SRS compat: the API answers `/metrics` too (code 1090 while the exporter is off).
        add("/metrics") { [unowned self] r, c in metricsOnAPI(r, c) }
        server.metricsRoute = APIRoute { [unowned self] r, c in serveMetrics(r, c) }
        // SRS compat: the HTTP server port also answers the version query.
        try? server.serverRouter.handle("/api/v1/versions", APIRoute { [unowned self] r, c in reply(bodies.versions(), r, c) })
    }

    private func summary(server: ServerNetSnapshot) -> SummarySnapshot {
        let now = Clock.wallMillis()
        let figures = system.processFigures
        return SummarySnapshot.compose(
            nowMillis: now, startupMillis: startedAt, version: ServerVersion.string, pid: Int64(getpid()),
            argv: CommandLine.arguments.joined(separator: " "), cwd: APIService.currentDirectory(),
            processors: system.processors, rusage: .current(sampleTime: now), selfProc: figures.selfProc,
            systemProc: figures.systemProc, memInfo: figures.memInfo, disk: figures.disk,
            platform: figures.platform, net: figures.net, server: server)
    }

    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: replying

    /// Writes a JSON body: JSONP when `callback=` is given, gzip when accepted.
    func reply(_ json: JSONValue, _ request: HTTPRequest, _ connection: HTTPConnection) {
        var body = json.encodedBytes
        var contentType = "application/json"
        do {
            if let callback = try JSONP.callback(in: request) {
                body = JSONP.wrap(body, callback: callback)
                contentType = JSONP.contentType
            }
        } catch {
            // SRS compat: an invalid callback is a request error and the connection is dropped.
            connection.respond(HTTPResponseHead.error(error.status, keepAlive: false), keepAlive: false)
            return
        }
        var headers = server.cors(request)
        if body.count > 512, Gzip.acceptsGzip(request), let compressed = try? Gzip.compress(body) {
            // Optional: the plain body is sent when zlib fails.
            body = compressed
            headers.append(("Content-Encoding", "gzip"))
        }
        connection.respond(HTTPResponseHead.complete(status: .ok, contentType: contentType, body: body,
                                                     keepAlive: request.keepAlive, extraHeaders: headers,
                                                     omitBody: request.isHead),
                           keepAlive: request.keepAlive)
    }

    /// The method after SRS's `?method=` override.
    func method(of request: HTTPRequest) -> String {
        JSONP.methodOverride(in: request) ?? request.method
    }

    /// The id after a collection prefix (`/api/v1/streams/<id>`), or nil for the collection.
    func resourceID(_ request: HTTPRequest, prefix: String) -> String? {
        let rest = request.path.dropFirst(prefix.count)
        let id = rest.split(separator: "/").first.map(String.init) ?? ""
        return id.isEmpty ? nil : id
    }
}
