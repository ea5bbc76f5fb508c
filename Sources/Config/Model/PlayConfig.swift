/// vhost `play {}`: how media is delivered to players.
public struct PlayConfig: Equatable, Sendable {
    /// Timestamp correction applied to players (SRS `time_jitter`).
    public enum TimeJitter: String, Equatable, Sendable {
        /// Start at 0 and smooth jumps (SRS default).
        case full
        /// Only shift so the stream starts at 0.
        case zero
        /// Pass timestamps through.
        case off
    }

    /// Cache the last GOP so new players start at a keyframe.
    public var gopCache: Bool
    /// Cap on cached messages (audio + video + data); 0 = no limit.
    public var gopCacheMaxFrames: Int
    /// Longest media duration a consumer queue holds before it drops.
    public var queueLength: Duration
    public var timeJitter: TimeJitter
    /// Interleave audio and video by timestamp.
    public var mixCorrect: Bool
    /// Use the publisher's absolute timestamps.
    public var atc: Bool
    /// Turn atc on when metadata says `bravo_atc == "true"`.
    public var atcAuto: Bool
    /// Merged-write wait: how long to batch messages per write.
    public var mwLatency: Duration
    /// Merged-write batch size; the default is 8, or 0 when the vhost has `min_latency on`;
    /// capped at `maxMwMsgs`.
    public var mwMsgs: Int
    /// Minimum gap between sends; > 0 sends one message at a time.
    public var sendMinInterval: Duration
    /// Drop byte-identical repeated sequence headers / metadata.
    public var reduceSequenceHeader: Bool

    /// SRS `SRS_PERF_MW_MSGS`: the largest mw_msgs honoured.
    public static let maxMwMsgs = 128

    /// SRS 5 defaults (mw_msgs for a vhost without min_latency).
    public static let defaults = PlayConfig(
        gopCache: true, gopCacheMaxFrames: 2500, queueLength: .seconds(30), timeJitter: .full,
        mixCorrect: false, atc: false, atcAuto: false, mwLatency: .milliseconds(350), mwMsgs: 8,
        sendMinInterval: .zero, reduceSequenceHeader: false
    )
}
