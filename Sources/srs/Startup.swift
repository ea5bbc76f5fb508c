import Config
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Startup order as SRS: parse → chdir(work_dir) → log → checks → pid file → listen → run.
enum Startup {
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// `srs -t -c FILE`: prints the verdict like SRS 5 and returns the exit status.
    static func testConfig(path: String) -> Int32 {
        log.configure(tank: .console, level: .trace, utc: false)
        log.trace("XCORE-\(ServerVersion.signature)")
        do {
            let loaded = try ConfigLoader.load(path: path)
            log.trace("config parse complete")
            log.trace("srs checking config...")
            for warning in loaded.warnings { log.warn("\(warning)") }
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
    static func serve(path: String) -> Int32 {
        let loaded: LoadedConfig
        do {
            loaded = try ConfigLoader.load(path: path)
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
        if let env = Environment.variable("SRS_DAEMON") { daemon = env != "off" }
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
        if inContainer { log.trace("running in a container, daemon=\(daemon), auto_reload_for_docker=\(config.autoReloadForDocker)") }
        for warning in loaded.warnings { log.warn("\(warning)") }

        let pidFile: PidFile
        do {
            pidFile = try PidFile(path: config.pidFile)
        } catch {
            log.error("\(error)")
            if !daemon { printOut("\(error)") }
            return Int32(error.srsCode() & 0xFF)
        }
        do {
            let server = try Server(config: config, configPath: path, inContainer: inContainer)
            try server.installSignals()
            try server.listen()
            server.startHLS()
            try server.startHTTP(serverID: ServerIdentity.load(configured: config.serverID, pidFile: config.pidFile))
            server.updateWatcher()
            log.trace("server main cid=\(log.mainCID), pid=\(getpid()), max_connections=\(config.maxConnections)")
            server.run()
            withExtendedLifetime(pidFile) {}
            return 0
        } catch {
            log.error("server: \(error)")
            return Int32(error.srsCode() & 0xFF)
        }
    }
}
