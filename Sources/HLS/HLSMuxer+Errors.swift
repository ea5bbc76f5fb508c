import Core

extension HLSMuxer {
    /// A disk failure: logged once per kind per publish, then `hls_on_error` decides.
    func fail(_ error: HLSError) {
        counters.lastError = error
        logOnce(error)
        switch settings.onError {
        case .continue:
            return
        case .ignore:
            disable()
        case .disconnect:
            disable()
            counters.disconnectRequested = true
            onDisconnectRequest?(error)
        }
    }

    /// Stops muxing until the next publish.
    private func disable() {
        guard phase == .publishing else { return }
        phase = .disabled
        current = nil
        releaseBuffers()
        log.warn("hls: disabled for \(key.url) until the next publish (hls_on_error \(settings.onError.rawValue))",
                 cid: publisherID)
    }

    /// Deletes a file; failures are only logged (a stale file is not worth stopping HLS for).
    func removeQuietly(_ path: String) {
        do {
            try store.remove(path)
        } catch {
            logOnce(error)
        }
    }

    /// Logs `error` unless one of its kind was already logged in this publish.
    func logOnce(_ error: HLSError) {
        guard loggedKinds.insert(error.kind).inserted else { return }
        if case .badFrame = error {
            log.warn("\(error), url=\(key.url) (further errors of this kind are not logged)", cid: publisherID)
        } else {
            log.error("\(error), url=\(key.url) (further errors of this kind are not logged)", cid: publisherID)
        }
    }
}
