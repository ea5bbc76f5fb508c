/// Pattern routing as SRS's `SrsHttpServeMux` (Go `ServeMux` semantics, srs-facts §9.1).
///
/// - A pattern without a trailing `/` matches that path exactly; one ending in `/` matches every path it
///   prefixes; the longest matching pattern wins.
/// - Registering `/x/` also makes `/x` a 302 redirect to `/x/` (query kept), unless `/x` is registered.
/// - A pattern not starting with `/` is host-specific (`demo.com/live/s.flv`): it only matches requests
///   whose Host (port stripped, case-insensitive) is `demo.com`.
///
/// SRS compat: once a host has any specific pattern, SRS matches that host's requests against
/// `host + path` only, so its generic routes (`/api/`, static `/`) vanish for it. Like Go we fall back to
/// the generic patterns when no host-specific one matches. SRS's implicit redirect for a host pattern
/// points at `demo.com/x/`; ours points at `/x/`.
public struct HTTPRouter<Handler> {
    public enum Match {
        case handler(Handler, pattern: String)
        case redirect(location: String)
        case notFound
    }

    fileprivate enum Entry {
        case explicit(Handler)
        /// The implicit `/x` → `/x/` entry; `location` is the path-only target.
        case redirect(location: String)
    }

    /// Keyed by pattern, host part lowercased.
    private var entries: [String: Entry] = [:]
    /// Hosts with at least one host-specific pattern, with their pattern count.
    private var hosts: [String: Int] = [:]

    public init() {}

    /// The explicitly registered patterns (host parts lowercased), sorted.
    public var patterns: [String] {
        entries.compactMap { key, entry in
            if case .explicit = entry { return key }
            return nil
        }.sorted()
    }

    /// Registers `handler` for `pattern`; throws for an empty pattern, a host pattern without a path, or a
    /// pattern registered before.
    public mutating func handle(_ pattern: String, _ handler: Handler) throws(HTTPError) {
        guard let (host, path) = HTTPRouter.split(pattern) else { throw .invalidPattern(pattern) }
        let key = (host ?? "") + path
        if case .explicit = entries[key] { throw .duplicatePattern(pattern) }
        entries[key] = .explicit(handler)
        if let host { hosts[host, default: 0] += 1 }
        let bare = String(Substring(key.utf8.dropLast()))
        if path.utf8.count > 1, path.utf8.last == slash, bare.utf8.last != slash {
            if case .explicit = entries[bare] { return }
            entries[bare] = .redirect(location: path)
        }
    }

    /// Unregisters `pattern` and returns its handler (nil when it was not registered), with the implicit
    /// redirect it created; unregistering `/x` while `/x/` exists restores the `/x` redirect.
    @discardableResult
    public mutating func remove(_ pattern: String) -> Handler? {
        guard let (host, path) = HTTPRouter.split(pattern) else { return nil }
        let key = (host ?? "") + path
        guard case .explicit(let handler) = entries[key] else { return nil }
        entries[key] = nil
        if let host {
            hosts[host, default: 1] -= 1
            if hosts[host] == 0 { hosts[host] = nil }
        }
        let bare = String(Substring(key.utf8.dropLast()))
        if path.utf8.count > 1, path.utf8.last == slash, case .redirect = entries[bare] { entries[bare] = nil }
        if path.utf8.last != slash, case .explicit = entries[key + "/"] {
            entries[key] = .redirect(location: path + "/")
        }
        return handler
    }

    /// Routes a request by its Host, decoded path and raw query.
    public func match(_ request: HTTPRequest) -> Match {
        match(host: request.hostName, path: request.path, rawQuery: request.rawQuery)
    }

    /// Routes `path` (must start with `/`) for `host` (port stripped by this function, if any).
    public func match(host: String?, path: String, rawQuery: String = "") -> Match {
        guard path.utf8.first == slash else { return .notFound }
        if let host, !hosts.isEmpty {
            let name = HTTPRequest.hostName(fromAuthority: host)
            if hosts[name] != nil, let match = lookup(name + path, rawQuery: rawQuery) { return match }
        }
        return lookup(path, rawQuery: rawQuery) ?? .notFound
    }

    /// The longest pattern matching `key`: the exact key first, then each `/`-ended prefix, longest first.
    private func lookup(_ key: String, rawQuery: String) -> Match? {
        if let entry = entries[key] { return resolve(entry, key: key, rawQuery: rawQuery) }
        var end = key.utf8.endIndex
        while let slashIndex = key.utf8[..<end].lastIndex(of: slash) {
            let prefix = String(Substring(key.utf8[...slashIndex]))
            if let entry = entries[prefix] { return resolve(entry, key: prefix, rawQuery: rawQuery) }
            end = slashIndex
        }
        return nil
    }

    private func resolve(_ entry: Entry, key: String, rawQuery: String) -> Match {
        switch entry {
        case .explicit(let handler): .handler(handler, pattern: key)
        case .redirect(let location): .redirect(location: rawQuery.isEmpty ? location : location + "?" + rawQuery)
        }
    }

    /// `(host, path)` of a pattern: `/a/` → (nil, `/a/`), `Demo.com/a` → (`demo.com`, `/a`); nil when empty
    /// or a host without a path.
    private static func split(_ pattern: String) -> (host: String?, path: String)? {
        guard let first = pattern.utf8.first else { return nil }
        if first == slash { return (nil, pattern) }
        guard let index = pattern.utf8.firstIndex(of: slash) else { return nil }
        let host = String(decoding: pattern.utf8[..<index].map(HTTPSyntax.lowercased), as: UTF8.self)
        return (host, String(Substring(pattern.utf8[index...])))
    }
}

private let slash = UInt8(ascii: "/")

extension HTTPRouter: Sendable where Handler: Sendable {}
extension HTTPRouter.Match: Sendable where Handler: Sendable {}
extension HTTPRouter.Entry: Sendable where Handler: Sendable {}
extension HTTPRouter.Match: Equatable where Handler: Equatable {}
