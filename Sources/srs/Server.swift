import Config
import Core
import IO
import Live
import RTMPService
#if canImport(Glibc)
import Glibc
#endif

/// The composition root: listeners, services and signals on one event loop.
final class Server {
    let loop: EventLoop
    private(set) var config: ServerConfig
    let registry = SourceRegistry()
    let limiter: ConnectionLimiter
    let rtmp: RTMPService
    private var listeners: [Listener] = []
    private var signals: SignalSource?
    private(set) var exitCode: Int32 = 0

    init(config: ServerConfig) throws {
        self.config = config
        loop = try EventLoop()
        limiter = ConnectionLimiter(maxConnections: config.maxConnections)
        let vhosts = Dictionary(config.vhosts.map { ($0.name, $0.rtmpSettings) }, uniquingKeysWith: { first, _ in first })
        rtmp = RTMPService(loop: loop, registry: registry, limiter: limiter) { vhosts[$0] }
    }

    /// Opens one RTMP listener per `listen` entry.
    func listen() throws {
        for entry in config.listen {
            guard let address = SocketAddress(host: entry.host, port: Int(entry.port)) else {
                throw ConfigError.invalid(file: "", line: 0, reason: "listen: invalid address \(entry)")
            }
            do {
                let listener = try Listener(loop: loop, address: address) { [unowned self] fd, peer in
                    self.accept(fd: fd, peer: peer)
                }
                listeners.append(listener)
                log.trace("RTMP listen at tcp://\(listener.address), fd=\(listener.fd)")
            } catch {
                throw error.wrapped("rtmp: listen at \(entry)")
            }
        }
    }

    private func accept(fd: Int32, peer: SocketAddress) {
        guard limiter.acquire() else {
            log.warn("drop client ip=\(peer), fd=\(fd), exceed max_connections=\(limiter.maxConnections), code=\(SRSErrorCode.exceedConnections)")
            close(fd)
            return
        }
        rtmp.accept(fd: fd, peer: peer)
    }

    /// Routes signals through the loop (srs-facts §3.3).
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
            log.warn("reload config, signo=\(signo): live reload is not available yet, config unchanged")
        case SIGUSR2:
            log.trace("ignore signal \(signo)")
        case SIGQUIT:
            log.trace("sig=\(signo), user start gracefully quit (fast quit in this version)")
            quit()
        default:
            log.trace("sig=\(signo), user terminate program, fast quit")
            quit()
        }
    }

    /// Fast quit: close listeners and every connection, then leave the loop.
    func quit() {
        for listener in listeners { listener.close() }
        listeners.removeAll()
        rtmp.closeAll()
        rtmp.stop()
        loop.stop()
    }

    func run() {
        loop.run()
        log.trace("srs terminated")
    }
}
