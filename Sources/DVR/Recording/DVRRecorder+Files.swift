import Codec
import Core

extension DVRRecorder {
    /// Opens the next file (path from the template now) and writes `headers` into it; on a
    /// failure the recording waits and tries again later.
    @discardableResult
    func openFile(injecting headers: [MediaPacket]) -> DVROpenFile? {
        let now = wallNow()
        let path = DVRPathTemplate.path(settings.path, vhost: key.vhost, app: key.app, stream: key.stream,
                                        wallMillis: now, utc: settings.utcTime)
        let file: DVROpenFile
        do throws(DVRError) {
            guard !store.fileExists(path) else { throw .fileExists(path: path) }
            try store.createDirectories(DVRPathTemplate.dirname(path))
            let handle = try store.create(path + ".tmp")
            file = DVROpenFile(path: path, container: settings.container, handle: handle, settings: settings,
                               streamHasVideo: streamHasVideo, wallMillis: now)
        } catch {
            wait(after: error)
            return nil
        }
        state = .recording(file)
        log.trace("dvr stream \(key.stream) to file \(path)", cid: publisherID)
        for header in headers {
            _ = file.decide(header)
            write(header, to: file)
        }
        guard case .recording = state else { return nil }
        return file
    }

    /// Finishes the file being written, if any.
    func finishCurrentFile() {
        guard case let .recording(file) = state else { return }
        state = .idle
        finish(file)
    }

    /// Ends `file`: index or metadata written, `.tmp` renamed onto its name, reported. A file
    /// without any audio or video frame is deleted instead.
    func finish(_ file: DVROpenFile) {
        if case let .recording(current) = state, current === file { state = .idle }
        guard file.hasMedia else {
            file.abandon()
            removeQuietly(file.temporaryPath)
            return
        }
        do {
            try file.finish()
            try store.rename(file.temporaryPath, to: file.path)
        } catch {
            removeQuietly(file.temporaryPath)
            wait(after: error)
            return
        }
        published(file)
        // A file that made it to disk ends the silence about errors.
        loggedKinds.removeAll()
    }

    /// A disk failure while writing: the file is given up, the next one tried later. An FLV keeps
    /// what reached the disk (whole batches of tags: a valid FLV up to the failure, without the
    /// final duration); an MP4 has no index without its moov and is deleted.
    func fail(_ file: DVROpenFile, _ error: DVRError) {
        if case let .recording(current) = state, current === file { state = .idle }
        file.abandon()
        wait(after: error)
        guard file.container == .flv, file.hasMedia, file.writtenBytes > 0 else {
            removeQuietly(file.temporaryPath)
            return
        }
        do {
            try store.rename(file.temporaryPath, to: file.path)
            published(file)
        } catch {
            removeQuietly(file.temporaryPath)
            logOnce(error)
        }
    }

    /// Counts and reports a file that is on disk under its final name.
    private func published(_ file: DVROpenFile) {
        let record = DVRFile(key: key, path: file.path, cwd: store.workingDirectory(), container: file.container,
                             duration: .milliseconds(file.durationMillis), bytes: file.writtenBytes, publisherID: publisherID)
        counters.filesWritten += 1
        counters.bytesWritten += file.writtenBytes
        counters.lastFile = record
        log.trace("dvr: reap file \(file.path), duration=\(file.durationMillis)ms, size=\(file.writtenBytes)", cid: publisherID)
        onFileClosed?(record)
    }

    /// Records `error` and retries after `retryMillis`.
    func wait(after error: DVRError) {
        counters.lastError = error
        logOnce(error)
        state = .waiting(until: monotonicNow() + Self.retryMillis)
    }

    func removeQuietly(_ path: String) {
        do {
            try store.remove(path)
        } catch {
            logOnce(error)
        }
    }

    /// Logs `error` unless one of its kind was logged since the last file reached the disk.
    func logOnce(_ error: DVRError) {
        guard loggedKinds.insert(error.kind).inserted else { return }
        let message = "\(error), url=\(key.url) (further errors of this kind are not logged)"
        if error.endsFile {
            log.error(message, cid: publisherID)
        } else {
            log.warn(message, cid: publisherID)
        }
    }
}
