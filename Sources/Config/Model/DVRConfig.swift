/// vhost `dvr {}`: recording publishes to FLV or MP4 files (SRS 5 defaults; srs-facts §1.4).
public struct DVRConfig: Equatable, Sendable {
    /// `dvr_plan`: when a recording is cut into files.
    public enum Plan: String, Equatable, Sendable {
        /// One file per publish.
        case session
        /// A new file every `dvr_duration` (at the next keyframe with `dvr_wait_keyframe on`).
        case segment
    }

    /// `dvr_apply`: which streams of the vhost are recorded.
    public enum Apply: Equatable, Sendable {
        /// Every stream (the directive absent, empty, or exactly `all`).
        case all
        /// Only these `app/stream` names (`none` matches nothing, as any other non-name).
        case streams([String])
    }

    public var enabled: Bool
    public var apply: Apply
    /// `dvr_path`: file path template; a path ending in `.mp4` records MP4, anything else FLV.
    public var path: String
    public var plan: Plan
    /// `dvr_duration`: segment length of the segment plan (whole seconds, as SRS).
    public var duration: Duration
    /// `dvr_wait_keyframe`: files start and segments cut on video keyframes.
    public var waitKeyframe: Bool
    /// `time_jitter`: how file timestamps are corrected (SRS default full).
    public var timeJitter: PlayConfig.TimeJitter

    public static let defaults = DVRConfig(
        enabled: false, apply: .all, path: "./objs/nginx/html/[app]/[stream].[timestamp].flv", plan: .session,
        duration: .seconds(30), waitKeyframe: true, timeJitter: .full
    )
}
