import Core
#if canImport(Glibc)
import Glibc
#endif

/// Name resolution for the loop: numeric hosts answer at once, names go to `ResolverWorker`'s
/// thread and come back on the loop. A name may stand for several addresses (a Kubernetes
/// headless Service): all are returned.
///
/// `SRS_RESOLVER_HOSTS` (`name=addr,addr;name2=addr`) answers names without DNS, a test hook for
/// multi-address names on machines whose `localhost` has one address.
public final class Resolver: EventHandler {
    private unowned let loop: EventLoop
    private var worker: ResolverWorker?
    private var pending: [UInt64: (Result<[String], any Error>) -> Void] = [:]
    private var pendingHosts: [UInt64: String] = [:]
    private var nextID: UInt64 = 1
    private let overrides: [String: [String]]

    public init(loop: EventLoop, overrides: [String: [String]] = Resolver.environmentOverrides()) {
        self.loop = loop
        self.overrides = overrides
    }

    deinit { worker?.stop() }

    /// Resolves `host` to numeric addresses; `completion` runs on the loop, never inside this call.
    /// Returns an id for `cancel`.
    @discardableResult
    public func resolve(_ host: String, completion: @escaping (Result<[String], any Error>) -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let fixed = overrides[bare] ?? (SocketAddress(host: bare, port: 0) != nil && !bare.isEmpty ? [bare] : nil) {
            pending[id] = completion
            loop.deferToIterationEnd { [weak self] in
                self?.pending.removeValue(forKey: id)?(.success(fixed))
            }
            return id
        }
        do {
            let worker = try ensureWorker()
            pending[id] = completion
            pendingHosts[id] = bare
            worker.submit(ResolverWorker.Job(id: id, host: bare))
        } catch {
            loop.deferToIterationEnd { completion(.failure(error)) }
        }
        return id
    }

    /// Forgets a request: its completion will not run.
    public func cancel(_ id: UInt64) {
        pending[id] = nil
        pendingHosts[id] = nil
    }

    public var pendingCount: Int { pending.count }

    public func handleEvents(_ events: UInt32) {
        guard let worker else { return }
        for answer in worker.takeAnswers() {
            let host = pendingHosts.removeValue(forKey: answer.id) ?? "?"
            guard let completion = pending.removeValue(forKey: answer.id) else { continue }
            if let error = answer.error {
                completion(.failure(ConnectError.resolve(host: host, reason: error)))
            } else {
                completion(.success(answer.hosts))
            }
        }
    }

    private func ensureWorker() throws -> ResolverWorker {
        if let worker { return worker }
        let created = try ResolverWorker()
        try loop.register(fd: created.eventFD, events: Events.readable, handler: self)
        worker = created
        return created
    }

    /// Parses `SRS_RESOLVER_HOSTS`.
    public static func environmentOverrides() -> [String: [String]] {
        guard let raw = getenv("SRS_RESOLVER_HOSTS") else { return [:] }
        return parseOverrides(String(cString: raw))
    }

    /// `name=a,b;name2=c` → `[name: [a, b], name2: [c]]`; malformed entries are skipped.
    public static func parseOverrides(_ text: String) -> [String: [String]] {
        var table: [String: [String]] = [:]
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingSpaces
            let hosts = parts[1].split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
            if !name.isEmpty && !hosts.isEmpty { table[name] = hosts }
        }
        return table
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
