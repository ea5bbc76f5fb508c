import Codec
import Core
import Live

/// HLS for one stream: watches its source, cuts MPEG-TS segments, keeps the m3u8 window on disk
/// (srs-facts §8). Runs on the loop thread; disk failures follow `hls_on_error` and never
/// reach the source.
///
/// The composition root creates one per source with HLS enabled, adds it as an observer, calls
/// `tick(nowMillis:)` every second (dispose) and `update(settings:)` on reload.
public final class HLSMuxer: SourceObserver {
    public let key: StreamKey
    public private(set) var settings: HLSSettings
    /// Called when `hls_on_error disconnect` fires, synchronously from packet delivery: defer the
    /// actual kick to the loop rather than unpublishing from inside the callback.
    public var onDisconnectRequest: ((HLSError) -> Void)?
    /// A segment was published (on_hls).
    public var onSegment: ((HLSSegmentEvent) -> Void)?
    /// The publish ended (the last segment is closed; `workers N` parks the muxer).
    public var onUnpublish: ((LiveSource) -> Void)?

    enum Phase: Equatable {
        case idle
        case publishing
        /// Off until the next publish (hls_on_error ignore/disconnect).
        case disabled
        /// Unpublished at this monotonic ms; disposed after `hls_dispose`.
        case unpublished(at: Int64)
    }

    let store: HLSFileStore
    let monotonicNow: () -> Int64
    let wallNow: () -> Int64
    let randomBytes: (Int) throws(HLSError) -> [UInt8]
    var phase = Phase.idle
    var builder = TSFrameBuilder()
    var writer = TSWriter()
    var segmenter: HLSSegmenter
    var window = HLSWindow()
    var floorClock = HLSFloorClock()
    var current: HLSOpenSegment?
    /// The TS bytes of the current segment, written in one go at close (with `hls_keys`
    /// encrypted in place just before); capacity is kept from segment to segment while publishing.
    var segmentBytes: [UInt8] = []
    /// Scratch for one converted frame.
    var payload: [UInt8] = []
    /// Pure audio: ADTS/MP3 frames gathered into one PES (up to `audioAggregateTicks`).
    var pendingAudio: [UInt8] = []
    var pendingAudioFrame: TSFrame?
    var nextSequence = 0
    var discontinuityPending = false
    var waitingForKeyframe = true
    var loggedKinds: Set<String> = []
    var publisherID: ContextID?
    var counters = HLSStatus()
    var m3u8URL = ""
    var m3u8Path = ""
    var m3u8Directory = ""
    /// `hls_keys`: the key new segments are encrypted with, and its 16 secret bytes (nil before
    /// the first key, after dispose, after a failed key write, and after key settings changed).
    var currentKey: (key: HLSKey, secret: [UInt8])?

    /// SRS compat: `SRS_CONSTS_HLS_PURE_AUDIO_AGGREGATE`, 0.72 s at 90 kHz.
    static let audioAggregateTicks: Int64 = 64_800

    /// - Parameters:
    ///   - monotonicNow: the clock `tick(nowMillis:)` is on (unpublish time).
    ///   - wallNow: wall-clock ms for `[timestamp]` and date variables in file names.
    ///   - randomBytes: where keys and IVs come from (`hls_keys`; OpenSSL's CSPRNG).
    public init(key: StreamKey, settings: HLSSettings, store: HLSFileStore = PosixHLSFileStore(),
                monotonicNow: @escaping () -> Int64 = Clock.monotonicMillis,
                wallNow: @escaping () -> Int64 = Clock.wallMillis,
                randomBytes: @escaping (Int) throws(HLSError) -> [UInt8] = HLSCipher.randomBytes) {
        self.key = key
        self.settings = settings
        self.store = store
        self.monotonicNow = monotonicNow
        self.wallNow = wallNow
        self.randomBytes = randomBytes
        segmenter = HLSSegmenter(settings: settings)
        computePaths()
    }

    /// Current state for the API and logs.
    public var status: HLSStatus {
        var status = counters
        status.isPublishing = phase == .publishing
        status.isDisabled = phase == .disabled
        status.nextSequence = nextSequence
        status.mediaSequence = window.segments.first?.sequence
        status.segmentCount = window.count
        status.m3u8Path = m3u8Path
        return status
    }

    /// The segments the playlist lists now.
    public var segments: [HLSSegment] { window.segments }

    // MARK: SourceObserver

    public func sourceDidPublish(_ source: LiveSource) {
        start(publisherID: source.publisherID)
    }

    public func source(_ source: LiveSource, didReceive packet: MediaPacket) {
        switch phase {
        case .publishing:
            break
        case .idle, .unpublished:
            // Attached (or enabled by reload) while the stream was already live: start now
            // from the cached sequence headers.
            guard settings.enabled, source.isPublishing else { return }
            resume(from: source)
            guard phase == .publishing else { return }
        case .disabled:
            return
        }
        feed(packet)
    }

    public func sourceDidUnpublish(_ source: LiveSource) {
        switch phase {
        case .publishing:
            closeSegment()
        case .disabled:
            break
        case .idle, .unpublished:
            return
        }
        current = nil
        releaseBuffers()
        phase = .unpublished(at: monotonicNow())
        log.trace("hls: unpublish \(key.url), segments=\(window.count), next seq=\(nextSequence)", cid: publisherID)
        onUnpublish?(source)
    }

    // MARK: lifecycle

    /// Starts a publish: new codec state, discontinuity, first segment opened.
    func start(publisherID id: ContextID?) {
        guard settings.enabled else { return }
        if phase == .publishing { closeSegment() }
        publisherID = id
        loggedKinds.removeAll()
        counters.disconnectRequested = false
        builder = TSFrameBuilder(annexbFirst: settings.annexbFirst)
        waitingForKeyframe = true
        phase = .publishing
        log.trace("hls: publish \(key.url), fragment=\(settings.fragmentMillis)ms, window=\(settings.windowMillis)ms, "
            + "m3u8=\(m3u8Path), ts=\(settings.tsFile), aof=\(settings.aofRatio), td=\(settings.tdRatio), "
            + "floor=\(settings.tsFloor), cleanup=\(settings.cleanup), waitk=\(settings.waitKeyframe), "
            + "dispose=\(settings.disposeMillis)ms", cid: id)
        if settings.keys {
            log.trace("hls: keys on, fragments_per_key=\(settings.segmentsPerKey), key_file=\(settings.keyFile), "
                + "key_path=\(settings.keyFilePath), key_url=\(settings.keyURL)", cid: id)
        }
        openFirstSegment()
    }

    /// Publish-time setup shared with reload: directories, discontinuity, a fresh segment.
    func openFirstSegment() {
        segmenter = HLSSegmenter(settings: settings)
        discontinuityPending = true
        do {
            try store.createDirectories(m3u8Directory)
        } catch {
            fail(error)
            guard phase == .publishing else { return }
        }
        openSegment()
    }

    private func resume(from source: LiveSource) {
        start(publisherID: source.publisherID)
        if let header = source.meta.videoSequenceHeader { feed(header) }
        if let header = source.meta.audioSequenceHeader { feed(header) }
    }

    /// Applies reloaded settings: a live stream closes its segment and continues in a new one
    /// under the new settings (SRS re-publishes the muxer on reload).
    public func update(settings newSettings: HLSSettings) {
        guard newSettings != settings else { return }
        let wasPublishing = phase == .publishing
        if wasPublishing { closeSegment() }
        // New key settings take effect with a new key at the next segment.
        if !newSettings.hasSameKeys(as: settings) { currentKey = nil }
        settings = newSettings
        computePaths()
        guard wasPublishing, phase == .publishing else { return }
        guard settings.enabled else {
            current = nil
            phase = .unpublished(at: monotonicNow())
            return
        }
        openFirstSegment()
    }

    /// Once a second: deletes the stream's files `hls_dispose` after unpublish (SRS 5 has the
    /// timer; we also honour it for streams that never come back).
    public func tick(nowMillis: Int64) {
        guard case let .unpublished(at) = phase, settings.disposeMillis > 0,
              nowMillis - at > settings.disposeMillis else { return }
        dispose()
    }

    /// Deletes every segment in the window, their keys and the playlist (dispose timer, fast
    /// quit). Sequence numbers keep counting; the next publish starts with a new key.
    public func dispose() {
        if phase == .publishing { return }
        let removed = window.removeAll()
        for segment in removed { removeQuietly(segment.path) }
        let keys = disposeKeys(of: removed)
        removeQuietly(m3u8Path)
        phase = .idle
        log.trace("hls: dispose \(key.url), removed \(removed.count) segments, \(keys) keys and \(m3u8Path)",
                  cid: publisherID)
    }

    /// Gives the segment buffer back while nothing is published (it grows to a whole segment).
    func releaseBuffers() {
        segmentBytes = []
        pendingAudio = []
        pendingAudioFrame = nil
    }

    func computePaths() {
        m3u8URL = HLSPathTemplate.stream(settings.m3u8File, vhost: key.vhost, app: key.app, stream: key.stream)
        m3u8Path = settings.path + "/" + m3u8URL
        m3u8Directory = HLSPathTemplate.dirname(m3u8Path)
    }
}
