import Core

extension ServerConfig {
    /// Reads the root directives (already include-expanded and transformed).
    /// Problems go to `diagnostics`; the returned value uses defaults where a value was bad.
    /// `requiresListen` is false for `srs -e`, which may run without an RTMP listener (SRS compat).
    init(reading root: BlockReader, requiresListen: Bool = true) {
        let d = ServerConfig.defaults
        let chunkSize = root.int("chunk_size", default: d.chunkSize)
        let httpServer = HTTPServerConfig(reading: root.block("http_server"))
        self.init(
            listen: Self.readListen(root, required: requiresListen),
            maxConnections: Self.readMaxConnections(root),
            daemon: root.flag("daemon", preferTrue: true, default: d.daemon),
            pidFile: root.string("pid", default: d.pidFile),
            // SRS compat: only `console` is console; every other word means file.
            logTank: root.string("srs_log_tank", default: d.logTank.rawValue) == "console" ? .console : .file,
            explicitLogTank: root.value("srs_log_tank") != nil,
            logLevel: Self.readLogLevel(root),
            logFile: root.string("srs_log_file", default: d.logFile),
            utcTime: root.flag("utc_time", preferTrue: false, default: d.utcTime),
            chunkSize: chunkSize,
            workDir: root.string("work_dir", default: d.workDir),
            asprocess: root.flag("asprocess", preferTrue: false, default: d.asprocess),
            serverID: root.value("server_id")?.text,
            graceStartWait: root.milliseconds("grace_start_wait", default: d.graceStartWait),
            graceFinalWait: root.milliseconds("grace_final_wait", default: d.graceFinalWait),
            forceGraceQuit: root.flag("force_grace_quit", preferTrue: false, default: d.forceGraceQuit),
            emptyIPOk: root.flag("empty_ip_ok", preferTrue: true, default: d.emptyIPOk),
            inotifyAutoReload: root.flag("inotify_auto_reload", preferTrue: false, default: d.inotifyAutoReload),
            autoReloadForDocker: root.flag("auto_reload_for_docker", preferTrue: true, default: d.autoReloadForDocker),
            disableDaemonForDocker: root.flag("disable_daemon_for_docker", preferTrue: true,
                                              default: d.disableDaemonForDocker),
            inDocker: root.flag("in_docker", preferTrue: false, default: d.inDocker),
            pithyPrint: root.milliseconds("pithy_print_ms", default: d.pithyPrint),
            httpAPI: Self.readHTTPAPI(root, server: httpServer),
            httpServer: httpServer,
            exporter: ExporterConfig(reading: root.block("exporter")),
            vhosts: Self.readVhosts(root, globalChunkSize: chunkSize)
        )
        workers = Self.readWorkers(root)
    }

    /// `workers N` (1 to 64) or `workers auto`.
    private static func readWorkers(_ root: BlockReader) -> Int {
        guard let (directive, text) = root.value("workers") else { return defaults.workers }
        if text == "auto" { return 0 }
        guard let value = BlockReader.parseInt(text), (1...64).contains(value) else {
            root.diagnostics.error(at: directive, "workers=\(text) is invalid, use 1 to 64 or auto")
            return defaults.workers
        }
        return value
    }

    /// `http_api`; SRS compat: when the API shares the HTTP server's port, the HTTPS API's default
    /// listen is the HTTPS server's (one HTTPS listener serves both).
    private static func readHTTPAPI(_ root: BlockReader, server: HTTPServerConfig) -> HTTPAPIConfig {
        let block = root.block("http_api")
        var api = HTTPAPIConfig(reading: block)
        if api.listen == server.listen && block.block("https").block?.first("listen") == nil {
            api.https.listen = server.https.listen
        }
        return api
    }

    /// `listen` is required (unless `required` is false and it is absent); every argument must be
    /// a valid `[ip:]port`.
    private static func readListen(_ root: BlockReader, required: Bool) -> [ListenAddress] {
        if !required && root.child("listen") == nil { return [] }
        guard let directive = root.child("listen"), !directive.args.isEmpty else {
            let at = root.block?.first("listen") ?? Directive(name: "listen", file: root.block?.file ?? "")
            root.diagnostics.error(at: at, "listen requires params")
            return []
        }
        var addresses: [ListenAddress] = []
        for arg in directive.args {
            switch ListenAddress.parse(arg) {
            case .valid(let address): addresses.append(address)
            case .invalid(let reason): root.diagnostics.error(at: directive, reason)
            }
        }
        return addresses
    }

    /// SRS compat: atoi then `> 0`, so garbage reports as "max_connections=X is invalid".
    private static func readMaxConnections(_ root: BlockReader) -> Int {
        guard let (directive, text) = root.value("max_connections") else { return defaults.maxConnections }
        guard let value = BlockReader.parseInt(text), value > 0 else {
            root.diagnostics.error(at: directive, "max_connections=\(text) is invalid")
            return defaults.maxConnections
        }
        return value
    }

    /// `srs_log_level` (v1 names, unknown disables logging) unless `srs_log_level_v2` is set.
    private static func readLogLevel(_ root: BlockReader) -> LogLevel {
        if let (directive, text) = root.value("srs_log_level_v2") {
            if let level = LogLevel(configV2: text) { return level }
            root.diagnostics.warn(at: directive, "srs_log_level_v2 \"\(text)\" is not trace|debug|info|warn|error, logging disabled")
            return .disabled
        }
        guard let (directive, text) = root.value("srs_log_level") else { return defaults.logLevel }
        let level = LogLevel(configV1: text)
        if level == .disabled {
            root.diagnostics.warn(at: directive, "srs_log_level \"\(text)\" is not verbose|info|trace|warn|error, logging disabled")
        }
        return level
    }

    /// Every `vhost NAME {}`; a name may appear once (SRS would silently use the first).
    private static func readVhosts(_ root: BlockReader, globalChunkSize: Int) -> [VhostConfig] {
        var vhosts: [VhostConfig] = []
        var firstSeen: [String: Directive] = [:]
        for directive in root.children("vhost") {
            let name = directive.arg0
            guard !name.isEmpty else {
                root.diagnostics.error(at: directive, "vhost requires a name")
                continue
            }
            if let first = firstSeen[name] {
                root.diagnostics.error(at: directive, "duplicate vhost \(name), first defined at \(first.file):\(first.line)")
                continue
            }
            firstSeen[name] = directive
            let reader = BlockReader(directive, path: "vhost", diagnostics: root.diagnostics)
            vhosts.append(VhostConfig(reading: reader, name: name, globalChunkSize: globalChunkSize))
        }
        return vhosts
    }
}
