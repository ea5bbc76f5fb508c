import Core
import IO

/// Where a quit stands.
enum QuitSequence {
    /// Graceful: still accepting until the start wait ends.
    case startWait
    /// Graceful: listeners closed, waiting for connections to leave on their own.
    case draining
    /// Graceful: the final wait before exit.
    case finalWait
    case fast
}

extension Server {
    /// A fast quit of every worker (this one last).
    func fastQuitAll() {
        group?.postToOthers(of: workerIndex) { $0.fastQuit() }
        fastQuit()
    }

    /// A graceful quit of every worker: each closes its listeners and waits for its clients.
    func startGracefulQuitAll() {
        group?.postToOthers(of: workerIndex) { $0.startGracefulQuit() }
        startGracefulQuit()
    }

    /// SIGTERM/SIGINT: close listeners and connections, dispose sources, leave the loop.
    func fastQuit() {
        quit = .fast
        closeAllListeners()
        watcher?.close()
        watcher = nil
        for (_, certificateWatcher) in certificateWatchers { certificateWatcher.close() }
        certificateWatchers.removeAll()
        rtmp.closeAll()
        rtmp.stop()
        // HLS segments were finished by the unpublish above; the files stay for nginx/CDN readers
        // (SRS deletes them here when hls_dispose is set, see docs/srs-differences.md).
        loop.cancel(hlsTimer)
        httpServer?.closeAll()
        httpServer?.stop()
        api?.stop()
        for service in services { service.stop() }
        disposeSources()
        workerStreams?.stopAll()
        loop.stop()
    }

    /// SIGQUIT (srs-facts §3.4): keep accepting for grace_start_wait (so K8s can take the pod
    /// out of the Service), close listeners, let connections finish, wait grace_final_wait, exit 0.
    func startGracefulQuit() {
        guard quit == nil else { return }
        quit = .startWait
        for service in services { service.drain() }
        let startWait = config.graceStartWait.millis
        loop.schedule(after: startWait) { [unowned self] in
            guard case .startWait = self.quit else { return }
            log.trace("start wait for \(startWait)ms")
            self.closeAllListeners()
            log.trace("listeners closed")
            self.quit = .draining
            self.waitForConnections(lastLog: 0)
        }
    }

    /// Polls every 100 ms until no connection is left, logging at most once a second.
    private func waitForConnections(lastLog: Int64) {
        guard case .draining = quit else { return }
        let remaining = limiter.current
        if remaining == 0 {
            disposeSources()
            log.trace("source disposed")
            quit = .finalWait
            let finalWait = config.graceFinalWait.millis
            loop.schedule(after: finalWait) { [unowned self] in
                log.trace("final wait for \(finalWait)ms")
                log.trace("srs gracefully quit")
                self.rtmp.stop()
                self.loop.cancel(self.hlsTimer)
                self.httpServer?.stop()
                self.api?.stop()
                for service in self.services { service.stop() }
                self.workerStreams?.stopAll()
                self.loop.stop()
            }
            return
        }
        var logged = lastLog
        if loop.now - lastLog >= 1000 {
            log.trace("wait for \(remaining) conns to quit")
            logged = loop.now
        }
        loop.schedule(after: 100) { [unowned self] in self.waitForConnections(lastLog: logged) }
    }

    /// Ends every stream (observers such as HLS finish their files).
    func disposeSources() {
        for source in registry.sources.values where source.isPublishing {
            source.unpublish()
        }
    }
}
