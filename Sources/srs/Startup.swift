import Config
import Core
import IO
import RTMPService
#if canImport(Glibc)
import Glibc
#endif

/// Startup order as SRS: parse → chdir(work_dir) → log → checks → pid file → listen → run.
enum Startup {
    /// `srs -t -c FILE` (or `-t -e`): prints the verdict like SRS 5 and returns the exit status;
    /// every directive the environment set is shown on its own line.
    static func testConfig(source: ConfigSource, notes: [String]) -> Int32 {
        let path = source.displayName
        log.configure(tank: .console, level: .trace, utc: false)
        log.trace("XCORE-\(ServerVersion.signature)")
        for note in notes { log.trace(note) }
        do {
            let loaded = try source.load()
            log.trace("config parse complete")
            log.trace("srs checking config...")
            logEnvironment(loaded.environment)
            for warning in loaded.warnings { log.warn("\(warning)") }
            _ = try HTTPSCertificates.load(loaded.config.httpSettings)
            if loaded.config.logTank == .console {
                log.trace("write log to console")
            } else {
                log.trace("you can check log by: tail -n 30 -f \(loaded.config.logFile)")
            }
            log.trace("the config file \(path) syntax is ok")
            log.trace("config file \(path) test is successful")
            return 0
        } catch {
            log.error("invalid config, \(error) in \(path)")
            log.error("config file \(path) test is failed")
            return Int32(error.srsCode(fallback: SRSErrorCode.configInvalid) & 0xFF)
        }
    }

    /// Loads the config and runs the server until a quit signal.
    static func serve(source: ConfigSource, notes: [String]) -> Int32 {
        let path = source.displayName
        let loaded: LoadedConfig
        do {
            loaded = try source.load()
        } catch {
            log.configure(tank: .console, level: .trace, utc: false)
            log.error("invalid config, \(error) in \(path)")
            return Int32(error.srsCode(fallback: SRSErrorCode.configInvalid) & 0xFF)
        }
        let config = loaded.config
        if config.workDir != "./" && !config.workDir.isEmpty && chdir(config.workDir) != 0 {
            printOut("chdir to work_dir \(config.workDir) failed: \(String(cString: strerror(errno)))")
            return 1
        }
        let inContainer = Environment.isInContainer(configured: config.inDocker)
        var daemon = config.daemon
        if daemon && inContainer && config.disableDaemonForDocker {
            daemon = false
        }
        // SRS compat: in a container the default tank is the console.
        let console = config.logTank == .console || (inContainer && !config.explicitLogTank)
        let tank: LogTank = console ? .console : .file(config.logFile)
        log.configure(tank: tank, level: config.logLevel, utc: config.utcTime)
        if daemon { Daemon.detach() }
        log.refreshPID()
        log.trace("XCORE-\(ServerVersion.signature) (\(ServerVersion.implementation))")
        log.trace("config parse complete, file=\(path)")
        for note in notes { log.trace(note) }
        logEnvironment(loaded.environment)
        if inContainer { log.trace("running in a container, daemon=\(daemon), auto_reload_for_docker=\(config.autoReloadForDocker)") }
        for warning in loaded.warnings { log.warn("\(warning)") }
        if config.listen.isEmpty { log.warn("no listen (set SRS_LISTEN), RTMP is not served") }

        let pidFile: PidFile
        do {
            pidFile = try PidFile(path: config.pidFile)
        } catch {
            log.error("\(error)")
            if !daemon { printOut("\(error)") }
            return Int32(error.srsCode() & 0xFF)
        }
        do {
            let serverID = ServerIdentity.load(configured: config.serverID, pidFile: config.pidFile)
            let workers = config.workers == 0 ? WorkerThread.availableCPUs() : config.workers
            var group: WorkerGroup?
            if workers > 1 {
                Socket.sharePorts = true
                group = try WorkerGroup(count: workers, serverID: serverID,
                                        limiter: ConnectionLimiter(maxConnections: config.maxConnections))
            }
            let server = try Server(config: config, source: source, inContainer: inContainer, group: group)
            // Before any worker thread starts: the threads inherit the blocked signal mask.
            try server.installSignals()
            try server.listen()
            server.startHLS()
            try server.startHTTP(serverID: serverID)
            server.updateWatcher()
            if let group {
                for index in 1..<workers {
                    try startWorker(index, group: group, config: config, source: source, inContainer: inContainer)
                }
            }
            log.trace("server main cid=\(log.mainCID), pid=\(getpid()), max_connections=\(config.maxConnections), workers=\(workers)")
            server.run()
            withExtendedLifetime(pidFile) {}
            return 0
        } catch {
            log.error("server: \(error)")
            return Int32(error.srsCode() & 0xFF)
        }
    }

    /// `workers N`: worker `index` on its own thread, with its own loop and listeners on the
    /// same ports. A worker that cannot start ends the process (as a listener error does).
    private static func startWorker(_ index: Int, group: WorkerGroup, config: ServerConfig, source: ConfigSource,
                                    inContainer: Bool) throws {
        group.workerDidStart()
        try WorkerThread.start {
            do {
                let server = try Server(config: config, source: source, inContainer: inContainer, group: group,
                                        workerIndex: index)
                try server.listen()
                server.startHLS()
                try server.startHTTP(serverID: group.serverID)
                log.trace("worker \(index) started")
                server.run()
                log.trace("worker \(index) ended")
            } catch {
                log.error("worker \(index): \(error)")
                exit(Int32(error.srsCode() & 0xFF))
            }
            group.workerDidEnd()
        }
    }

    /// One line per directive the environment set, then the variables it ignored (once, at start).
    private static func logEnvironment(_ report: EnvironmentReport) {
        if report.environmentOnly { log.trace("config from the environment only (-e), no config file") }
        for override in report.overrides { log.trace("env: \(override)") }
        for line in report.warnings { log.warn(line) }
    }
}
