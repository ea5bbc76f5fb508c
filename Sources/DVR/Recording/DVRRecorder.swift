import Codec
import Core
import Live

/// DVR for one stream: watches its source and writes FLV or MP4 files under `dvr_path`
/// (srs-facts §1.4; SRS `SrsDvr`, `SrsDvrPlan`, `SrsDvrSegmenter`). Runs on the loop thread.
///
/// Files are written to `<file>.tmp` and renamed when closed: at unpublish, at a segment cut,
/// at a reload of the vhost's dvr settings and at quit. A disk failure is logged once per kind,
/// never reaches the source or its players, and the next file is tried a second later (from
/// the cached metadata and sequence headers, at the next keyframe).
public final class DVRRecorder: SourceObserver {
    enum State {
        /// Not recording: no publish, or this publish is not recorded.
        case idle
        case recording(DVROpenFile)
        /// A new file opens at the first packet from this monotonic ms on (after a failure, or a
        /// reload that turned recording on for a live stream).
        case waiting(until: Int64)
    }

    public let key: StreamKey
    public private(set) var settings: DVRSettings
    /// A file was finished and renamed (synchronously from packet delivery or unpublish).
    public var onFileClosed: ((DVRFile) -> Void)?

    let store: DVRFileStore
    let monotonicNow: () -> Int64
    let wallNow: () -> Int64
    var state = State.idle
    weak var source: LiveSource?
    var publisherID: ContextID?
    /// A video sequence header was seen in this publish (segment cuts then wait for keyframes).
    var streamHasVideo = false
    var loggedKinds: Set<String> = []
    var counters = DVRStatus()

    /// How long after a failure the next file is tried.
    static let retryMillis: Int64 = 1000

    /// - Parameters:
    ///   - monotonicNow: the clock of the retry delay.
    ///   - wallNow: wall-clock ms for `[timestamp]` and the date variables in file names.
    public init(key: StreamKey, settings: DVRSettings, store: DVRFileStore = PosixDVRFileStore(),
                monotonicNow: @escaping () -> Int64 = Clock.monotonicMillis,
                wallNow: @escaping () -> Int64 = Clock.wallMillis) {
        self.key = key
        self.settings = settings
        self.store = store
        self.monotonicNow = monotonicNow
        self.wallNow = wallNow
    }

    /// The recording's state for the API and logs.
    public var status: DVRStatus {
        var status = counters
        if case let .recording(file) = state {
            status.isRecording = true
            status.currentPath = file.path
            status.currentBytes = file.bytes
            status.currentDurationMillis = file.durationMillis
        }
        return status
    }

    // MARK: lifecycle

    /// A publish began: the first file opens now, as SRS opens it at publish.
    public func start(source: LiveSource, settings: DVRSettings) {
        finishCurrentFile()
        self.source = source
        self.settings = settings
        publisherID = source.publisherID
        streamHasVideo = false
        loggedKinds.removeAll()
        counters.lastError = nil
        guard settings.records(app: key.app, stream: key.stream) else {
            state = .idle
            return
        }
        log.trace("dvr: record \(key.url), plan=\(settings.plan.rawValue), path=\(settings.path), "
            + "duration=\(settings.durationMillis)ms, wait_keyframe=\(settings.waitKeyframe), "
            + "jitter=\(settings.jitter.rawValue)", cid: publisherID)
        openFile(injecting: [])
    }

    /// Reload: a live recording whose settings changed finishes its file and continues in a new
    /// one under the new settings (SRS re-publishes the DVR on reload); a stream the new settings
    /// record starts at its next packet.
    public func update(settings newSettings: DVRSettings) {
        guard newSettings != settings else { return }
        finishCurrentFile()
        settings = newSettings
        guard let source, source.isPublishing, newSettings.records(app: key.app, stream: key.stream) else {
            state = .idle
            return
        }
        state = .waiting(until: 0)
    }

    /// Reload selected a live stream: a file opens at its next packet and starts with the cached
    /// metadata and sequence headers.
    public func resume(source: LiveSource, settings: DVRSettings) {
        finishCurrentFile()
        self.source = source
        self.settings = settings
        publisherID = source.publisherID
        streamHasVideo = source.meta.videoSequenceHeader != nil
        loggedKinds.removeAll()
        state = settings.records(app: key.app, stream: key.stream) ? .waiting(until: 0) : .idle
    }

    /// Leaves the source (quit), so it can be released.
    public func detach() {
        source?.removeObserver(self)
        source = nil
    }

    /// Finishes the current file (unpublish, quit); nothing is recorded until the next `start`.
    public func stop() {
        finishCurrentFile()
        state = .idle
    }

    // MARK: SourceObserver

    /// The service starts recordings (`start`) with the settings of each publish.
    public func sourceDidPublish(_ source: LiveSource) {}

    public func source(_ source: LiveSource, didReceive packet: MediaPacket) {
        if packet.kind == .video && packet.isSequenceHeader { streamHasVideo = true }
        let file: DVROpenFile
        switch state {
        case .idle:
            return
        case let .waiting(until):
            guard monotonicNow() >= until, let opened = openFile(injecting: headers(of: source, at: packet.timestamp)) else {
                return
            }
            file = opened
        case let .recording(current):
            file = current
        }
        record(packet, in: file, source: source)
    }

    public func sourceDidUnpublish(_ source: LiveSource) {
        stop()
        source.removeObserver(self)
        if self.source === source { self.source = nil }
    }

    // MARK: packets

    /// Cuts when the plan or the format says so, then writes or skips `packet`.
    private func record(_ packet: MediaPacket, in current: DVROpenFile, source: LiveSource) {
        var file = current
        if file.needsNewFile(for: packet) {
            guard let next = reap(file, source: source, at: packet) else { return }
            file = next
        }
        var decision = file.decide(packet)
        if decision == .cut {
            guard let next = reap(file, source: source, at: packet) else { return }
            file = next
            decision = file.decide(packet)
        }
        guard decision == .write else { return }
        write(packet, to: file)
    }

    /// Writes one packet; a disk failure ends the file, a bad frame is only skipped.
    func write(_ packet: MediaPacket, to file: DVROpenFile) {
        do {
            try file.write(packet)
        } catch {
            if error.endsFile {
                fail(file, error)
            } else {
                counters.skippedFrames &+= 1
                logOnce(error)
            }
        }
    }

    /// Closes `file` and opens the next one with the stream's metadata and sequence headers.
    private func reap(_ file: DVROpenFile, source: LiveSource, at packet: MediaPacket) -> DVROpenFile? {
        finish(file)
        return openFile(injecting: headers(of: source, at: packet.timestamp))
    }

    /// What a file opened mid-stream starts with: metadata and sequence headers from the
    /// source's cache, stamped with the packet that opens the file (so it starts at 0 after jitter).
    private func headers(of source: LiveSource, at timestamp: Int64) -> [MediaPacket] {
        source.meta.dump.map { header in
            var stamped = header
            stamped.timestamp = timestamp
            return stamped
        }
    }
}
