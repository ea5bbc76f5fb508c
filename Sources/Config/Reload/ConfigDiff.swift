/// What changed between two validated configs: the reload plan, as a pure value.
///
/// The composition root applies each part to the service it concerns; a connection the change
/// does not concern is never touched.
public struct ConfigDiff: Equatable, Sendable {
    public var listenAdded: [ListenAddress] = []
    public var listenRemoved: [ListenAddress] = []
    public var maxConnectionsChanged = false
    /// Tank, level, file or utc_time changed.
    public var logChanged = false
    public var httpAPIChanged = false
    public var httpServerChanged = false
    /// An `https {}` block changed (enabled, listen, key or cert path). The key/cert files are
    /// read again on every reload anyway, so a renewed certificate needs no config change.
    public var httpsChanged = false
    /// `exporter` changed: its listener may move, open or close; labels apply to the next scrape.
    public var exporterChanged = false
    public var vhostsAdded: [String] = []
    public var vhostsRemoved: [String] = []
    /// Vhosts present in both whose settings differ.
    public var vhostsChanged: [String] = []
    /// Settings that cannot change without a restart (logged, kept at the old value).
    public var needsRestart: [String] = []
    /// Changes a running server must not take at all: the reload is refused and the old config
    /// kept (an origin turning into an edge under its players; SRS exits here).
    public var refusedChanges: [String] = []

    public init() {}

    public init(old: ServerConfig, new: ServerConfig) {
        let oldListen = Set(old.listen), newListen = Set(new.listen)
        listenAdded = new.listen.filter { !oldListen.contains($0) }
        listenRemoved = old.listen.filter { !newListen.contains($0) }
        maxConnectionsChanged = old.maxConnections != new.maxConnections
        logChanged = old.logTank != new.logTank || old.logLevel != new.logLevel
            || old.logFile != new.logFile || old.utcTime != new.utcTime
        httpAPIChanged = old.httpAPI != new.httpAPI
        httpServerChanged = old.httpServer != new.httpServer
        httpsChanged = old.httpAPI.https != new.httpAPI.https || old.httpServer.https != new.httpServer.https
        exporterChanged = old.exporter != new.exporter
        let oldVhosts = Dictionary(old.vhosts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newVhosts = Dictionary(new.vhosts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        vhostsAdded = new.vhosts.map(\.name).filter { oldVhosts[$0] == nil }
        vhostsRemoved = old.vhosts.map(\.name).filter { newVhosts[$0] == nil }
        vhostsChanged = new.vhosts.compactMap { vhost in
            guard let before = oldVhosts[vhost.name], before != vhost else { return nil }
            return vhost.name
        }
        if old.daemon != new.daemon { needsRestart.append("daemon") }
        if old.pidFile != new.pidFile { needsRestart.append("pid") }
        if old.workDir != new.workDir { needsRestart.append("work_dir") }
        if old.workers != new.workers { needsRestart.append("workers") }
        for name in vhostsChanged {
            if oldVhosts[name]?.cluster.mode != newVhosts[name]?.cluster.mode {
                refusedChanges.append("vhost \(name) cluster.mode")
            }
        }
    }

    /// True when nothing at all differs.
    public var isEmpty: Bool { self == ConfigDiff() }

    /// One line for the log.
    public var summary: String {
        var parts: [String] = []
        if !listenAdded.isEmpty { parts.append("listen+=\(listenAdded.map(\.description).joined(separator: ","))") }
        if !listenRemoved.isEmpty { parts.append("listen-=\(listenRemoved.map(\.description).joined(separator: ","))") }
        if maxConnectionsChanged { parts.append("max_connections") }
        if logChanged { parts.append("log") }
        if httpAPIChanged { parts.append("http_api") }
        if httpServerChanged { parts.append("http_server") }
        if httpsChanged { parts.append("https") }
        if exporterChanged { parts.append("exporter") }
        if !vhostsAdded.isEmpty { parts.append("vhost+=\(vhostsAdded.joined(separator: ","))") }
        if !vhostsRemoved.isEmpty { parts.append("vhost-=\(vhostsRemoved.joined(separator: ","))") }
        if !vhostsChanged.isEmpty { parts.append("vhost~=\(vhostsChanged.joined(separator: ","))") }
        return parts.isEmpty ? "no change" : parts.joined(separator: " ")
    }
}
