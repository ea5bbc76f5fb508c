import Core
import IO

/// Resolve a host (off the loop for names) and connect to its first address, with a connect
/// timeout: the first step of every outgoing session. The result comes exactly once, on the loop,
/// unless `cancel` came first; the connection is then the caller's.
final class Dialer {
    private unowned let loop: EventLoop
    private let resolver: Resolver
    private var resolveID: UInt64?
    private var connector: Connector?
    private var completion: ((Result<Connection, any Error>) -> Void)?

    init(loop: EventLoop, resolver: Resolver) {
        self.loop = loop
        self.resolver = resolver
    }

    func dial(host: String, port: Int, timeoutMillis: Int64, completion: @escaping (Result<Connection, any Error>) -> Void) {
        self.completion = completion
        resolveID = resolver.resolve(host) { [weak self] result in
            guard let self else { return }
            self.resolveID = nil
            switch result {
            case .failure(let error):
                self.finish(.failure(error))
            case .success(let hosts):
                guard let first = hosts.first, let address = SocketAddress(host: first, port: port) else {
                    self.finish(.failure(ConnectError.resolve(host: host, reason: "no usable address")))
                    return
                }
                self.connector = Connector(loop: self.loop, address: address, timeoutMillis: timeoutMillis) { [weak self] result in
                    self?.connector = nil
                    self?.finish(result)
                }
            }
        }
    }

    func cancel() {
        completion = nil
        if let resolveID { resolver.cancel(resolveID) }
        resolveID = nil
        connector?.cancel()
        connector = nil
    }

    private func finish(_ result: Result<Connection, any Error>) {
        guard let completion else {
            if case .success(let connection) = result { connection.close() }
            return
        }
        self.completion = nil
        completion(result)
    }
}

extension Connection {
    /// Detaches the owner and closes (an owner that stops a session it started).
    func hangUp() {
        delegate = nil
        close()
    }
}
