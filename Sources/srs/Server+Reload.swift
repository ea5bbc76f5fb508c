import API
import Config
import Core
import HTTPRemux
import IO
import Live

extension Server {
    /// Reloads the config file: invalid → keep running on the old one; valid → apply the diff to
    /// the services it concerns only (srs-facts §4; unlike SRS, listener changes never abort).
    /// The environment snapshot of the start is applied again (with `-e` it is all there is).
    func reload() {
        guard let group else { return reloadHere() }
        guard workerIndex == 0 else {
            group.post(to: 0) { $0.reload() }
            return
        }
        reloadHere()
        group.postToOthers(of: 0) { $0.reloadHere() }
    }

    /// Reloads this worker (every worker reads the config itself; worker 0 first).
    func reloadHere() {
        let loaded: LoadedConfig
        do {
            loaded = try source.load()
        } catch {
            log.error("reload failed, state=20, err \(error); keep running with the previous config")
            api?.lastReload = .finished(err: ReloadRecord.configInvalidCode, msg: "\(error)", state: .transforming)
            return
        }
        for warning in loaded.warnings { log.warn("\(warning)") }
        let new = loaded.config
        let diff = ConfigDiff(old: config, new: new)
        if let refused = diff.refusedChanges.first {
            log.error("reload refused: \(refused) cannot change while running (SRS exits here); "
                      + "keep running with the previous config")
            api?.lastReload = .finished(err: ReloadRecord.configInvalidCode, msg: "\(refused) cannot change while running",
                                        state: .applying)
            return
        }
        // Key and cert files are read again on every reload; a bad one keeps the old config.
        let certificates: [TLSFiles: TLSContext]
        do {
            certificates = try HTTPSCertificates.load(new.httpSettings)
        } catch {
            log.error("reload failed, \(error); keep running with the previous config")
            api?.lastReload = .finished(err: ReloadRecord.configInvalidCode, msg: "\(error)", state: .applying)
            return
        }
        log.trace("reload config, diff: \(diff.summary)")
        for setting in diff.needsRestart {
            log.warn("reload: \(setting) changed, it takes effect after a restart")
        }
        apply(diff, new: new, certificates: certificates)
        api?.lastReload = .finished()
        log.trace("reload config success, state=90.")
    }

    private func apply(_ diff: ConfigDiff, new: ServerConfig, certificates: [TLSFiles: TLSContext]) {
        let old = config
        config = new
        if diff.logChanged {
            log.configure(tank: new.logTank == .console ? .console : .file(new.logFile), level: new.logLevel, utc: new.utcTime)
        }
        if quit == nil {
            for entry in diff.listenRemoved { closeRTMPListener(entry) }
            for entry in diff.listenAdded {
                do {
                    try openRTMPListener(entry)
                } catch {
                    log.error("reload: \(error); the other listeners keep running")
                }
            }
        }
        if diff.maxConnectionsChanged {
            limiter.maxConnections = new.maxConnections
            log.trace("reload: max_connections \(old.maxConnections) => \(new.maxConnections)")
        }
        rtmp.vhostLookup = Server.vhostLookup(new)
        applyHTTP(diff, new: new, certificates: certificates)
        for service in services { service.apply(diff, config: new) }
        hls?.apply(settingsLookup: new.hlsLookup(), sources: registry)
        if !diff.vhostsChanged.isEmpty || !diff.vhostsAdded.isEmpty || !diff.vhostsRemoved.isEmpty {
            for source in registry.sources.values {
                if let vhost = new.vhost(named: source.key.vhost) { source.update(settings: vhost.playSettings) }
            }
        }
        updateWatcher()
    }

    // MARK: inotify auto reload

    /// Whether the config directory is watched: `inotify_auto_reload on`, or in a container with
    /// `auto_reload_for_docker on` (the default).
    var wantsAutoReload: Bool {
        source.path != nil && (config.inotifyAutoReload || (inContainer && config.autoReloadForDocker))
    }

    /// Starts or stops watching the config file's directory.
    func updateWatcher() {
        guard workerIndex == 0 else { return }  // one watcher per process: worker 0 reloads them all
        if !wantsAutoReload {
            watcher?.close()
            watcher = nil
            updateCertificateWatchers(configDirectory: nil)
            return
        }
        guard let path = source.path else { return }
        let (directory, name) = Environment.split(path: path)
        updateCertificateWatchers(configDirectory: directory)
        guard watcher == nil else { return }
        do {
            watcher = try FileWatcher(loop: loop, directory: directory) { [unowned self] names in
                // Only the config file and the ConfigMap swap matter; other files (for example a
                // log file in the same directory) are ignored silently, or logging about them
                // would trigger the next event.
                let certificates = self.certificateNames(in: directory)
                guard names.contains(name) || names.contains("..data") || names.contains(where: certificates.contains) else { return }
                log.trace("inotify event names=\(names.joined(separator: ",")), reload=1")
                self.scheduleAutoReload()
            }
            log.trace("auto reload watching dir=\(directory), file=\(name)")
        } catch {
            log.warn("auto reload: cannot watch \(directory): \(error)")
        }
    }

    /// The HTTPS key/cert file names the config has in `directory`.
    private func certificateNames(in directory: String) -> Set<String> {
        var names: Set<String> = []
        for files in config.httpSettings.tlsFiles {
            for path in [files.key, files.cert] {
                let (dir, name) = Environment.split(path: path)
                if dir == directory { names.insert(name) }
            }
        }
        return names
    }

    /// Watches the directories of key/cert files other than the config's (nil: none at all).
    private func updateCertificateWatchers(configDirectory: String?) {
        var wanted: Set<String> = []
        if let configDirectory {
            for files in config.httpSettings.tlsFiles {
                for path in [files.key, files.cert] {
                    let directory = Environment.split(path: path).directory
                    if directory != configDirectory { wanted.insert(directory) }
                }
            }
        }
        for (directory, existing) in certificateWatchers where !wanted.contains(directory) {
            existing.close()
            certificateWatchers[directory] = nil
        }
        for directory in wanted.sorted() where certificateWatchers[directory] == nil {
            do {
                certificateWatchers[directory] = try FileWatcher(loop: loop, directory: directory) { [unowned self] names in
                    let certificates = self.certificateNames(in: directory)
                    guard names.contains("..data") || names.contains(where: certificates.contains) else { return }
                    log.trace("inotify event dir=\(directory) names=\(names.joined(separator: ",")), reload=1")
                    self.scheduleAutoReload()
                }
                log.trace("auto reload watching dir=\(directory) for https key/cert")
            } catch {
                log.warn("auto reload: cannot watch \(directory): \(error)")
            }
        }
    }

    /// Coalesces a burst of events (editors write, chmod, rename) into one reload 50 ms later.
    private func scheduleAutoReload() {
        guard reloadTimer == nil else { return }
        reloadTimer = loop.schedule(after: 50) { [unowned self] in
            self.reloadTimer = nil
            self.reload()
        }
    }
}
