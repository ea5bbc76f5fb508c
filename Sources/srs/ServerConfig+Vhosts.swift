import Config

extension ServerConfig {
    /// A lookup built once per config: a vhost by name, else `__defaultVhost__` (SRS
    /// `get_vhost(name, try_default)`), without scanning the vhost list per request.
    func vhostResolver() -> (String) -> VhostConfig? {
        let table = Dictionary(vhosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let fallback = table[VhostConfig.defaultName]
        return { table[$0] ?? fallback }
    }
}
