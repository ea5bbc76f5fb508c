/// When to cut segments (srs-facts §8.1; SRS `SrsHlsController::write_video/write_audio`,
/// `is_segment_overflow`, `is_segment_absolutely_overflow`). Pure: the muxer asks before each
/// frame and reports each frame it wrote.
public struct HLSSegmenter: Equatable, Sendable {
    public enum Track: Equatable, Sendable { case video, audio }

    public enum Decision: Equatable, Sendable {
        /// Write the frame into the current segment.
        case append
        /// Close the current segment; the frame starts the next one.
        case reap
        /// The timeline jumped: close, and mark the next segment `#EXT-X-DISCONTINUITY`.
        case reapWithDiscontinuity
    }

    /// SRS compat: segments shorter than this are dropped at close; twice this is the shortest
    /// segment that may be reaped.
    public static let minSegmentMillis: Int64 = 100
    /// A DTS step forward beyond this within one track is a timeline jump.
    public static let maxForwardStepMillis: Int64 = 10_000
    /// A DTS step backward beyond this within one track is a timeline jump (smaller steps are
    /// jitter, SRS's CONST_MAX_JITTER_MS).
    public static let maxBackwardStepMillis: Int64 = 250

    public let maxTDMillis: Int64
    public let aofMillis: Int64
    public let fragmentMillis: Int64
    public let waitKeyframe: Bool
    /// `HLSFloorClock.deviation` when hls_ts_floor is on, else 0.
    public var floorDeviation: Int64 = 0
    /// min(DTS) of the current segment's frames, nil while it is empty.
    public private(set) var startMillis: Int64?
    /// last DTS − min DTS of the current segment's frames (SRS `SrsFragment::append`).
    public private(set) var durationMillis: Int64 = 0
    private var lastVideo: Int64?
    private var lastAudio: Int64?

    public init(maxTDMillis: Int64, aofMillis: Int64, fragmentMillis: Int64, waitKeyframe: Bool) {
        self.maxTDMillis = maxTDMillis
        self.aofMillis = aofMillis
        self.fragmentMillis = fragmentMillis
        self.waitKeyframe = waitKeyframe
    }

    public init(settings: HLSSettings) {
        self.init(maxTDMillis: settings.maxTDMillis, aofMillis: settings.aofMillis,
                  fragmentMillis: settings.fragmentMillis, waitKeyframe: settings.waitKeyframe)
    }

    public var hasFrames: Bool { startMillis != nil }

    /// What to do with the next frame of `track` at `dtsMillis`.
    public mutating func decide(_ track: Track, dtsMillis: Int64, isKeyframe: Bool) -> Decision {
        let last = track == .video ? lastVideo : lastAudio
        if let last, dtsMillis - last > Self.maxForwardStepMillis || last - dtsMillis > Self.maxBackwardStepMillis {
            // Forget the other track too, so its first frame on the new timeline is not a jump.
            lastVideo = nil
            lastAudio = nil
            remember(track, dtsMillis)
            return .reapWithDiscontinuity
        }
        remember(track, dtsMillis)
        switch track {
        case .video:
            return isOverflow && (isKeyframe || !waitKeyframe) ? .reap : .append
        case .audio:
            // SRS reaps on audio regardless of keyframes: the pure-audio path, and a safety net
            // for video without keyframes.
            return isAbsolutelyOverflow ? .reap : .append
        }
    }

    /// Video may reap: at least 200 ms and fragment × td_ratio (± the floor deviation).
    public var isOverflow: Bool { reached(maxTDMillis) }

    /// Audio reaps: at least 200 ms and fragment × aof_ratio (± the floor deviation).
    public var isAbsolutelyOverflow: Bool { reached(aofMillis) }

    /// A new, empty segment was opened.
    public mutating func startSegment() {
        startMillis = nil
        durationMillis = 0
    }

    /// A frame at `dtsMillis` went into the current segment.
    public mutating func append(dtsMillis: Int64) {
        let start = min(startMillis ?? dtsMillis, dtsMillis)
        startMillis = start
        durationMillis = dtsMillis - start
    }

    private mutating func remember(_ track: Track, _ dtsMillis: Int64) {
        if track == .video { lastVideo = dtsMillis } else { lastAudio = dtsMillis }
    }

    private func reached(_ threshold: Int64) -> Bool {
        guard durationMillis >= 2 * Self.minSegmentMillis else { return false }
        // SRS compat: in floor mode the threshold moves by 30% of a fragment per step of deviation.
        let deviation = Double(floorDeviation) * 0.3 * Double(fragmentMillis)
        return Double(durationMillis) >= Double(threshold) + deviation
    }
}
