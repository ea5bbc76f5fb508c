import Core

/// The whole validated config: global settings, HTTP servers and vhosts. Immutable in use;
/// fields are `var` only so tests and reload code can derive variants of a value.
public struct ServerConfig: Equatable, Sendable {
    /// Where logs go (`srs_log_tank`): `console`, or a file for any other word.
    public enum LogTank: String, Equatable, Sendable { case console, file }

    /// RTMP listen endpoints (required).
    public var listen: [ListenAddress]
    /// Limit on all connections (RTMP + HTTP + API).
    public var maxConnections: Int
    /// Double-fork at start (the composition root may force it off in Docker).
    public var daemon: Bool
    public var pidFile: String
    /// The configured tank; the composition root may force console (e.g. in Docker).
    public var logTank: LogTank
    /// Whether `srs_log_tank` was written (in a container the default tank is the console).
    public var explicitLogTank: Bool
    /// From `srs_log_level` (v1 names), overridden by `srs_log_level_v2` when set.
    public var logLevel: LogLevel
    public var logFile: String
    /// Log times in UTC instead of local time.
    public var utcTime: Bool
    /// Global RTMP output chunk size (vhosts may override).
    public var chunkSize: Int
    /// Directory to chdir to at start.
    public var workDir: String
    /// Quit when the parent process changes.
    public var asprocess: Bool
    /// `server_id` if configured; nil lets the composition root generate/persist one.
    public var serverID: String?
    /// Graceful quit: keep accepting for this long after SIGQUIT.
    public var graceStartWait: Duration
    /// Graceful quit: wait this long after closing listeners.
    public var graceFinalWait: Duration
    /// Treat SIGTERM like SIGQUIT.
    public var forceGraceQuit: Bool
    /// Silently drop connections whose peer IP is empty (load-balancer probes).
    public var emptyIPOk: Bool
    public var inotifyAutoReload: Bool
    /// Enable inotify reload when running in Docker.
    public var autoReloadForDocker: Bool
    /// Force daemon off when running in Docker.
    public var disableDaemonForDocker: Bool
    /// Treat the process as running in Docker even if detection fails.
    public var inDocker: Bool
    /// Interval of periodic statistics log lines.
    public var pithyPrint: Duration
    public var httpAPI: HTTPAPIConfig
    public var httpServer: HTTPServerConfig
    /// The Prometheus exporter's listener and labels.
    public var exporter: ExporterConfig
    /// vhosts in file order, names unique.
    public var vhosts: [VhostConfig]
    /// Beyond SRS: event loops (threads) of the process, 1 to 64; 0 (`workers auto`) means one per
    /// CPU the process may use (affinity and cgroup quota), the default: a server uses the cores
    /// it is given (a Kubernetes CPU limit of 2 gives 2 workers; a process pinned to one core, 1).
    /// Read at startup only.
    public var workers = 0

    /// The vhost serving `name`: its own, else `__defaultVhost__`, else nil (SRS `get_vhost`).
    public func vhost(named name: String) -> VhostConfig? {
        vhosts.first { $0.name == name } ?? vhosts.first { $0.name == VhostConfig.defaultName }
    }

    /// SRS 5 defaults; `listen` and `vhosts` are empty (a loaded config always has a listen).
    public static let defaults = ServerConfig(
        listen: [], maxConnections: 1000, daemon: true, pidFile: "./objs/srs.pid", logTank: .file, explicitLogTank: false,
        logLevel: .trace, logFile: "./objs/srs.log", utcTime: false, chunkSize: 60000, workDir: "./",
        asprocess: false, serverID: nil, graceStartWait: .milliseconds(2300),
        graceFinalWait: .milliseconds(3200), forceGraceQuit: false, emptyIPOk: true,
        inotifyAutoReload: false, autoReloadForDocker: true, disableDaemonForDocker: true, inDocker: false,
        pithyPrint: .milliseconds(10000), httpAPI: .defaults, httpServer: .defaults, exporter: .defaults,
        vhosts: []
    )
}
