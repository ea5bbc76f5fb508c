import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// One outgoing TCP connect on the loop: non-blocking `connect`, completion on writability
/// (SO_ERROR tells the outcome), bounded by a timeout. Hands a ready `Connection` over, or an error.
///
/// The loop never waits: a dead host costs one timer, a refused port one readiness event.
public final class Connector: EventHandler {
    public let address: SocketAddress
    private unowned let loop: EventLoop
    private var fd: Int32 = -1
    private var timer: Timer?
    private var completion: ((Result<Connection, any Error>) -> Void)?

    /// Starts connecting at once; `completion` runs exactly once on the loop (never inside this
    /// initializer: an immediate failure is reported at the end of the iteration).
    public init(loop: EventLoop, address: SocketAddress, timeoutMillis: Int64,
                completion: @escaping (Result<Connection, any Error>) -> Void) {
        self.loop = loop
        self.address = address
        self.completion = completion
        do {
            fd = try Socket.connect(address)
            try loop.register(fd: fd, events: Events.writable | Events.error, handler: self)
            timer = loop.schedule(after: timeoutMillis) { [weak self] in
                self?.finish(.failure(ConnectError.timeout(address: address.description, millis: timeoutMillis)))
            }
        } catch {
            if fd >= 0 { Glibc.close(fd); fd = -1 }
            loop.deferToIterationEnd { [weak self] in self?.finish(.failure(error)) }
        }
    }

    public var isPending: Bool { completion != nil }

    public func handleEvents(_ events: UInt32) {
        let code = Socket.pendingError(fd)
        if code != 0 {
            finish(.failure(IOError("connect(\(address))", errno: code)))
            return
        }
        let socket = fd
        loop.unregister(fd: socket)
        fd = -1
        do {
            let connection = try Connection(loop: loop, fd: socket, peer: address)
            finish(.success(connection))
        } catch {
            Glibc.close(socket)
            finish(.failure(error))
        }
    }

    /// Gives up (no completion is called).
    public func cancel() {
        completion = nil
        cleanup()
    }

    private func finish(_ result: Result<Connection, any Error>) {
        cleanup()
        guard let completion else {
            if case .success(let connection) = result { connection.close() }
            return
        }
        self.completion = nil
        completion(result)
    }

    private func cleanup() {
        loop.cancel(timer)
        timer = nil
        if fd >= 0 {
            loop.unregister(fd: fd)
            Glibc.close(fd)
            fd = -1
        }
    }
}

/// Why an outgoing connection could not be made.
public enum ConnectError: Error, CustomStringConvertible, SRSCoded {
    case timeout(address: String, millis: Int64)
    case resolve(host: String, reason: String)

    public var description: String {
        switch self {
        case .timeout(let address, let millis): return "connect \(address) timed out after \(millis)ms"
        case .resolve(let host, let reason): return "resolve \(host) failed: \(reason)"
        }
    }

    public var srsCode: Int { SRSErrorCode.socketConnect }
}
