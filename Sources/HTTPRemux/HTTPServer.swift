import Core
import HTTP
import IO
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP API and HTTP server listeners on the loop, their routes and connections.
///
/// Admission goes through the same connection limiter as RTMP (`max_connections` counts all).
public final class HTTPServer {
    public unowned let loop: EventLoop
    let acquireSlot: () -> Bool
    let releaseSlot: () -> Void
    public private(set) var settings: HTTPServerSettings
    public let limits = HTTPLimits()
    public var apiRouter = HTTPRouter<HTTPHandler>()
    public var serverRouter = HTTPRouter<HTTPHandler>()
    /// Streaming mounts (HTTP-FLV / TS) checked before the server routes.
    public var streamRoute: ((HTTPRequest) -> HTTPHandler?)?
    /// `/metrics` of the exporter's listener (set by the API service).
    public var metricsRoute: HTTPHandler?
    private var listeners: [HTTPEndpoint: PlainListener] = [:]
    /// The HTTPS listeners and the certificate each gives new connections.
    private var secureListeners: [HTTPEndpoint: SecureListener] = [:]
    public private(set) var connections: [ObjectIdentifier: HTTPConnection] = [:]
    /// Bytes of the connections that closed, so the server's totals never go backwards.
    public private(set) var closedBytes: (received: UInt64, sent: UInt64) = (0, 0)
    private var sweepTimer: Timer?
    static let idleTimeoutMillis: Int64 = 30_000
    /// SRS compat: SRS_HTTP_RECV_TIMEOUT (15 s). SRS applies it to each read, so a peer sending a
    /// byte every few seconds is never cut there; here it bounds the whole request (head and body).
    static let requestTimeoutMillis: Int64 = 15_000

    public init(loop: EventLoop, settings: HTTPServerSettings, acquireSlot: @escaping () -> Bool,
                releaseSlot: @escaping () -> Void) {
        self.loop = loop
        self.settings = settings
        self.acquireSlot = acquireSlot
        self.releaseSlot = releaseSlot
        sweepTimer = loop.scheduleRepeating(every: 1000) { [weak self] in self?.sweep() }
    }

    // MARK: listeners

    /// Opens, moves or closes listeners so they match `settings` (start and reload). Existing
    /// connections are not touched. `certificates` holds a loaded context for each of
    /// `settings.tlsFiles` (read again on every reload: new connections get the new certificate).
    public func apply(_ settings: HTTPServerSettings, certificates: [TLSFiles: TLSContext] = [:]) throws {
        self.settings = settings
        var failures: [any Error] = []
        applySecure(settings.secureEndpoints, certificates: certificates, failures: &failures)
        let wanted = settings.endpoints
        for (endpoint, entry) in listeners {
            guard let role = wanted[endpoint] else {
                entry.listener.close()
                listeners[endpoint] = nil
                log.trace("HTTP listener closed, tcp://\(endpoint)")
                continue
            }
            // Same address, other routes (e.g. the exporter joins the API's port): the socket stays
            // open, so connections waiting in its backlog are not reset (with `workers N` each
            // worker has its own SO_REUSEPORT socket, and closing one resets what it queued).
            if entry.role != role {
                log.trace("\(role.label) listen at tcp://\(entry.listener.address), fd=\(entry.listener.fd), was \(entry.role.label)")
                entry.role = role
            }
        }
        for (endpoint, role) in wanted.sorted(by: { $0.key.port < $1.key.port }) where listeners[endpoint] == nil {
            do {
                guard let address = SocketAddress(host: endpoint.host, port: endpoint.port) else {
                    throw HTTPServerError.invalidEndpoint(endpoint.description)
                }
                let entry = PlainListener(role: role)
                entry.listener = try Listener(loop: loop, address: address) { [unowned self, unowned entry] fd, peer in
                    self.accept(fd: fd, peer: peer, role: entry.role)
                }
                listeners[endpoint] = entry
                log.trace("\(role.label) listen at tcp://\(entry.listener.address), fd=\(entry.listener.fd)")
            } catch {
                failures.append(error.wrapped("http: listen at \(endpoint)"))
            }
        }
        if let first = failures.first { throw first }
    }

    private func applySecure(_ wanted: [HTTPEndpoint: HTTPSListenerSpec], certificates: [TLSFiles: TLSContext],
                             failures: inout [any Error]) {
        for (endpoint, entry) in secureListeners where wanted[endpoint] == nil {
            entry.listener.close()
            secureListeners[endpoint] = nil
            log.trace("HTTPS listener closed, tcp://\(endpoint)")
        }
        for (endpoint, spec) in wanted.sorted(by: { $0.key.port < $1.key.port }) {
            guard let context = certificates[spec.files] else {
                failures.append(HTTPServerError.noCertificate(endpoint.description, spec.files))
                continue
            }
            if let entry = secureListeners[endpoint] {
                if entry.spec.role != spec.role {  // other routes, the same socket (see `apply`)
                    log.trace("\(spec.role.label(secure: true)) listen at tcp://\(entry.listener.address), fd=\(entry.listener.fd), "
                              + "was \(entry.spec.role.label(secure: true))")
                    entry.spec = spec
                }
                if entry.context !== context {
                    entry.spec = spec
                    entry.context = context
                    log.trace("\(spec.role.label(secure: true)) certificate \(context.subject) for new connections, \(spec.files)")
                }
                continue
            }
            do {
                guard let address = SocketAddress(host: endpoint.host, port: endpoint.port) else {
                    throw HTTPServerError.invalidEndpoint(endpoint.description)
                }
                let entry = SecureListener(spec: spec, context: context)
                entry.listener = try Listener(loop: loop, address: address) { [unowned self, unowned entry] fd, peer in
                    self.accept(fd: fd, peer: peer, role: entry.spec.role, tls: entry.context)
                }
                secureListeners[endpoint] = entry
                log.trace("\(spec.role.label(secure: true)) listen at tcp://\(entry.listener.address), fd=\(entry.listener.fd), "
                          + "cert \(context.subject)")
            } catch {
                failures.append(error.wrapped("https: listen at \(endpoint)"))
            }
        }
    }

    public func closeListeners() {
        for (_, entry) in listeners { entry.listener.close() }
        listeners.removeAll()
        for (_, entry) in secureListeners { entry.listener.close() }
        secureListeners.removeAll()
    }

    public var listenerCount: Int { listeners.count + secureListeners.count }

    private func accept(fd: Int32, peer: SocketAddress, role: HTTPListenerRole, tls: TLSContext? = nil) {
        guard acquireSlot() else {
            log.warn("drop http client ip=\(peer), exceed max_connections, code=\(SRSErrorCode.exceedConnections)")
            close(fd)
            return
        }
        do {
            let connection = try HTTPConnection(server: self, fd: fd, peer: peer, role: role, tls: tls)
            connections[ObjectIdentifier(connection)] = connection
        } catch {
            log.warn("http: cannot serve \(peer): \(error)")
            close(fd)
            releaseSlot()
        }
    }

    func connectionDidClose(_ connection: HTTPConnection) {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        closedBytes.received &+= connection.connection.bytesReceived
        closedBytes.sent &+= connection.connection.bytesSent
        releaseSlot()
    }

    /// Closes every connection (fast quit).
    public func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    public func stop() {
        loop.cancel(sweepTimer)
        sweepTimer = nil
    }

    /// Once a second: closes requests that take too long and idle keep-alive connections. Only
    /// those are collected (closing edits `connections`); thousands of streaming players are
    /// just looked at, not copied.
    private func sweep() {
        let now = loop.now
        var late: [HTTPConnection] = []
        var idle: [HTTPConnection] = []
        for connection in connections.values where !connection.isStreaming {
            if connection.requestStartedAt > 0 && now - connection.requestStartedAt > HTTPServer.requestTimeoutMillis {
                late.append(connection)
            } else if now - connection.lastActivity > HTTPServer.idleTimeoutMillis {
                idle.append(connection)
            }
        }
        for connection in late {
            log.trace("http: request from \(connection.peerIP) not complete after \(HTTPServer.requestTimeoutMillis)ms, close",
                      cid: connection.cid)
            connection.close()
        }
        for connection in idle { connection.close() }
    }

    // MARK: routing

    /// Routes one request (srs-facts §7, §9.1): CORS preflight, the exporter's `/metrics`, API
    /// routes, streaming mounts, then the server routes (static files at `/`).
    func dispatch(_ request: HTTPRequest, on connection: HTTPConnection) {
        log.trace("HTTP #\(connection.cid) \(connection.peerIP) \(request.method) \(request.target), content-length=\(request.body.count)", cid: connection.cid)
        if let preflight = CORS.preflightResponse(for: request, crossDomain: settings.crossDomain, keepAlive: request.keepAlive) {
            connection.respond(preflight, keepAlive: request.keepAlive)
            return
        }
        let role = connection.role
        if role.contains(.exporter), request.path == "/metrics", let metrics = metricsRoute {
            metrics.serve(request, on: connection)
            return
        }
        if role == .exporter {
            respondError(.notFound, request, connection)
            return
        }
        let isAPIPath = request.path == "/api" || request.path.hasPrefix("/api/")
        if role.contains(.api) && (!role.contains(.server) || isAPIPath) {
            if let auth = settings.apiAuth, !auth.accepts(request.headers["Authorization"]) {
                log.warn("http: api auth failed for \(connection.peerIP) \(request.method) \(request.path)", cid: connection.cid)
                connection.respond(HTTPResponseHead.error(.unauthorized, keepAlive: request.keepAlive,
                                                          extraHeaders: cors(request) + [("WWW-Authenticate", BasicAuth.challenge)]),
                                   keepAlive: request.keepAlive)
                return
            }
            route(apiRouter.match(request), request, connection)
            return
        }
        if let handler = streamRoute?(request) {
            handler.serve(request, on: connection)
            return
        }
        route(serverRouter.match(request), request, connection)
    }

    private func route(_ match: HTTPRouter<HTTPHandler>.Match, _ request: HTTPRequest, _ connection: HTTPConnection) {
        switch match {
        case .handler(let handler, _):
            handler.serve(request, on: connection)
        case .redirect(let location):
            connection.respond(HTTPResponseHead.redirect(to: location, keepAlive: request.keepAlive,
                                                         extraHeaders: cors(request)), keepAlive: request.keepAlive)
        case .notFound:
            respondError(.notFound, request, connection)
        }
    }

    /// CORS headers for a response to `request`.
    public func cors(_ request: HTTPRequest) -> [(name: String, value: String)] {
        CORS.headers(for: request, crossDomain: settings.crossDomain)
    }

    /// A plain-text error response as SRS writes it.
    public func respondError(_ status: HTTPStatus, _ request: HTTPRequest, _ connection: HTTPConnection) {
        connection.respond(HTTPResponseHead.error(status, keepAlive: request.keepAlive, extraHeaders: cors(request)),
                           keepAlive: request.keepAlive)
    }
}

/// Why the HTTP server could not do something.
public enum HTTPServerError: Error, CustomStringConvertible {
    case invalidEndpoint(String)
    case noCertificate(String, TLSFiles)

    public var description: String {
        switch self {
        case .invalidEndpoint(let endpoint): return "invalid listen address \(endpoint)"
        case .noCertificate(let endpoint, let files): return "https: no certificate loaded for \(endpoint) (\(files))"
        }
    }
}
