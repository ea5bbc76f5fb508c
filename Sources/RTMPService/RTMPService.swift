import Codec
import Core
import IO
import Live
#if canImport(Glibc)
import Glibc
#endif

/// All RTMP connections of the server: accepts sockets from the RTMP listeners, resolves vhosts,
/// and runs the periodic checks (timeouts, merged-write deadlines).
public final class RTMPService {
    public unowned let loop: EventLoop
    public let registry: SourceRegistry
    /// Identified clients, for the API.
    public let clients: ClientRegistry
    let limiter: ConnectionLimiter
    let pid = getpid()
    /// Looks a vhost up by name (nil = not configured); replaced on reload.
    public var vhostLookup: (String) -> RTMPVhostSettings?
    public private(set) var connections: [ObjectIdentifier: RTMPConnection] = [:]
    /// Bytes of the connections that closed, so the server's totals never go backwards.
    public private(set) var closedBytes: (received: UInt64, sent: UInt64) = (0, 0)
    /// Called when a stream starts / stops being published (HTTP-FLV mounts, HLS, stats, edge push).
    public var onPublish: ((LiveSource, StreamRequest, ContextID) -> Void)?
    public var onUnpublish: ((LiveSource) -> Void)?
    private var sweepTimer: Timer?
    private var lastSlowSweep: Int64 = 0

    public init(loop: EventLoop, registry: SourceRegistry, clients: ClientRegistry, limiter: ConnectionLimiter,
                vhostLookup: @escaping (String) -> RTMPVhostSettings?) {
        self.loop = loop
        self.registry = registry
        self.clients = clients
        self.limiter = limiter
        self.vhostLookup = vhostLookup
        sweepTimer = loop.scheduleRepeating(every: 100) { [weak self] in self?.sweep() }
    }

    /// Takes an accepted socket whose connection slot is already held.
    public func accept(fd: Int32, peer: SocketAddress) {
        do {
            let connection = try RTMPConnection(service: self, fd: fd, peer: peer)
            connections[ObjectIdentifier(connection)] = connection
        } catch {
            log.warn("rtmp: cannot serve \(peer): \(error)")
            close(fd)
            limiter.release()
        }
    }

    func connectionDidClose(_ connection: RTMPConnection) {
        clients.remove(connection)
        if connections.removeValue(forKey: ObjectIdentifier(connection)) != nil {
            closedBytes.received &+= connection.connection.bytesReceived
            closedBytes.sent &+= connection.connection.bytesSent
            limiter.release()
        }
    }

    /// The settings of `name`, falling back to `__defaultVhost__`; errors when neither exists or
    /// the vhost is disabled (SRS 2014).
    func resolveVhost(_ name: String) throws -> RTMPVhostSettings {
        guard let settings = vhostLookup(name) ?? vhostLookup(StreamKey.defaultVhost) else {
            throw RTMPServiceError.vhostNotFound(name)
        }
        guard settings.enabled else { throw RTMPServiceError.vhostDisabled(settings.name) }
        return settings
    }

    /// Origin cluster: finds the coworker that publishes a stream and answers the RTMP URL to
    /// redirect to (nil = nobody has it). Set by the root; the answer comes later on the loop.
    /// HTTP callbacks (on_connect, on_publish, on_play may refuse a client).
    public var hooks: ClientHooks?
    public var locateStream: ((StreamRequest, @escaping (String?) -> Void) -> Void)?
    /// `workers N`: another worker of this process publishes the stream (it is pulled in
    /// process, never looked up on coworkers).
    public var publishedByAnotherWorker: (StreamKey) -> Bool = { _ in false }
    /// Edge token traverse: asks an origin whether to serve this client (the client's connect
    /// object is repeated upstream); the completion carries the refusal, nil = serve.
    public var traverseToken: ((StreamRequest, AMF0Object, @escaping ((any Error)?) -> Void) -> Void)?

    func sourceDidStartPublishing(_ source: LiveSource, request: StreamRequest, by id: ContextID) {
        onPublish?(source, request, id)
    }
    func sourceDidStopPublishing(_ source: LiveSource) { onUnpublish?(source) }

    /// The connection with context id `cid`.
    public func connection(cid: String) -> RTMPConnection? {
        connections.values.first { $0.cid.value == cid }
    }

    /// Closes every connection (fast quit).
    public func closeAll() {
        for connection in Array(connections.values) { connection.fail(RTMPServiceError.kicked) }
    }

    public func stop() {
        loop.cancel(sweepTimer)
        sweepTimer = nil
    }

    /// Every 100 ms: the merged-write deadlines of every player (the sources', per group of
    /// players); once a second stalled players and the publish and phase timeouts. Work that
    /// may close a connection runs after the scan (closing removes it from `connections`).
    private func sweep() {
        let now = loop.now
        let slow = now - lastSlowSweep >= 1000
        if slow { lastSlowSweep = now }
        // Players (RTMP and HTTP) whose merged write waited mw_latency: once per group of players.
        registry.wakeLateConsumers(now: now)
        guard slow else { return }
        var due: [RTMPConnection] = []
        for connection in connections.values {
            switch connection.phase {
            case .playing:
                if connection.isStalled(now: now) { due.append(connection) }
            case .publishing, .handshake, .waitConnect, .identify:
                due.append(connection)
            case .closed:
                break
            }
        }
        for connection in due {
            switch connection.phase {
            case .playing:
                connection.failStalledPlayer(now: now)
            case .publishing:
                connection.checkPublishTimeouts(now: now)
            case .handshake, .waitConnect, .identify:
                if now > connection.phaseDeadline {
                    connection.fail(RTMPServiceError.timeout(phase: "\(connection.phase)", millis: RTMPConnection.phaseTimeoutMillis))
                }
            case .closed:
                break
            }
        }
    }
}
