import Core
import IO

/// Expands `origin` / `coworkers` entries whose host is a DNS name into every address the name
/// stands for (a Kubernetes headless Service lists one address per pod), re-resolving a name
/// when its answer is older than `refreshMillis`, so scaling the origins needs no config edit.
///
/// Never waits: a name not resolved yet stands for itself (the connect resolves it) while its
/// lookup runs on the resolver thread.
public final class AddressBook {
    private unowned let loop: EventLoop
    private let resolver: Resolver
    public let refreshMillis: Int64
    private var answers: [String: (hosts: [String], at: Int64)] = [:]
    private var inflight: Set<String> = []

    public init(loop: EventLoop, resolver: Resolver, refreshMillis: Int64 = 10_000) {
        self.loop = loop
        self.resolver = resolver
        self.refreshMillis = refreshMillis
    }

    /// Every endpoint the entries stand for, in entry order (addresses of one name in resolver order).
    public func expand(_ entries: [OriginEndpoint]) -> [OriginEndpoint] {
        var out: [OriginEndpoint] = []
        for entry in entries {
            if SocketAddress(host: entry.host, port: entry.port) != nil {
                out.append(entry)
                continue
            }
            let cached = answers[entry.host]
            if cached == nil || loop.now - cached!.at > refreshMillis { refresh(entry.host) }
            if let hosts = cached?.hosts, !hosts.isEmpty {
                for host in hosts where !out.contains(OriginEndpoint(host: host, port: entry.port)) {
                    out.append(OriginEndpoint(host: host, port: entry.port))
                }
            } else {
                out.append(entry)
            }
        }
        return out
    }

    /// Resolves the names among `entries` now (at startup and reload), so the first lookup or
    /// pull already knows every address; `expand` keeps them fresh afterwards.
    public func prime(_ entries: [String]) {
        for entry in entries {
            guard let endpoint = OriginEndpoint(parsing: entry, defaultPort: 1935),
                  SocketAddress(host: endpoint.host, port: endpoint.port) == nil else { continue }
            refresh(endpoint.host)
        }
    }

    /// The addresses last seen for `name` (tests, the API).
    public func addresses(of name: String) -> [String]? { answers[name]?.hosts }

    private func refresh(_ name: String) {
        guard !inflight.contains(name) else { return }
        inflight.insert(name)
        resolver.resolve(name) { [weak self] result in
            guard let self else { return }
            self.inflight.remove(name)
            switch result {
            case .success(let hosts):
                let before = self.answers[name]?.hosts
                self.answers[name] = (hosts, self.loop.now)
                if before != hosts { log.trace("cluster: \(name) resolves to \(hosts.joined(separator: ","))") }
            case .failure(let error):
                // Keep the last good answer; try again at the next use after the refresh interval.
                let kept = self.answers[name]?.hosts ?? []
                self.answers[name] = (kept, self.loop.now)
                log.warn("cluster: \(error)")
            }
        }
    }
}
