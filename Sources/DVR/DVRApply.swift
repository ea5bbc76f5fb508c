/// `dvr_apply`: which streams of a vhost are recorded (SRS `srs_config_apply_filter`).
public enum DVRApply: Equatable, Sendable {
    /// Every stream: the directive absent, without arguments, or exactly `all`.
    case all
    /// Only these `app/stream` names, compared exactly (no vhost, no wildcards).
    case streams([String])

    public func matches(app: String, stream: String) -> Bool {
        switch self {
        case .all: return true
        case .streams(let names): return names.contains(app + "/" + stream)
        }
    }
}
