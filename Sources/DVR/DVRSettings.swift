import Live

/// What one stream's recording needs from its vhost's `dvr {}` block (SRS 5 defaults; srs-facts
/// §1.4). Field names follow `Config.DVRConfig` so the composition root maps them one to one.
public struct DVRSettings: Equatable, Sendable {
    /// `dvr_plan`.
    public enum Plan: String, Equatable, Sendable {
        /// One file per publish (SRS `SrsDvrSessionPlan`).
        case session
        /// A new file every `duration` (SRS `SrsDvrSegmentPlan`).
        case segment
    }

    public var enabled: Bool
    public var apply: DVRApply
    /// `dvr_path`: the file path template (see `DVRPathTemplate`).
    public var path: String
    public var plan: Plan
    /// `dvr_duration`: how long a segment-plan file runs before it is cut.
    public var duration: Duration
    /// `dvr_wait_keyframe`: files start on a video keyframe and segments are cut on one.
    public var waitKeyframe: Bool
    /// `time_jitter`: timestamp correction of the files (a fresh corrector per file).
    public var jitter: JitterMode
    /// Global `utc_time`: date variables in file names use UTC instead of local time.
    public var utcTime: Bool

    public init(enabled: Bool = true, apply: DVRApply = .all,
                path: String = "./objs/nginx/html/[app]/[stream].[timestamp].flv", plan: Plan = .session,
                duration: Duration = .seconds(30), waitKeyframe: Bool = true, jitter: JitterMode = .full,
                utcTime: Bool = false) {
        self.enabled = enabled
        self.apply = apply
        self.path = path
        self.plan = plan
        self.duration = duration
        self.waitKeyframe = waitKeyframe
        self.jitter = jitter
        self.utcTime = utcTime
    }

    /// SRS compat: the container follows the configured path's suffix, `.mp4` or else FLV.
    public var container: DVRContainer { path.hasSuffix(".mp4") ? .mp4 : .flv }

    /// `dvr_duration` in milliseconds.
    public var durationMillis: Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whether a stream of this vhost is recorded.
    public func records(app: String, stream: String) -> Bool {
        enabled && apply.matches(app: app, stream: stream)
    }
}
