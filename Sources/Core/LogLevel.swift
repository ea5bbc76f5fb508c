/// Log levels, lowest first. Config uses SRS's v1 names; lines print SRS 5's v2 words.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case verbose = 0, info, trace, warn, error, disabled

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }

    /// The word on a log line (SRS 5 built with log-level_v2, the default).
    public var word: String {
        switch self {
        case .verbose: return "TRACE"
        case .info: return "DEBUG"
        case .trace: return "INFO"
        case .warn: return "WARN"
        case .error: return "ERROR"
        case .disabled: return "OFF"
        }
    }

    /// Parses `srs_log_level` (v1 names). SRS compat: anything unknown disables logging.
    public init(configV1 name: String) {
        switch name {
        case "verbose": self = .verbose
        case "info": self = .info
        case "trace": self = .trace
        case "warn": self = .warn
        case "error": self = .error
        default: self = .disabled
        }
    }

    /// Parses `srs_log_level_v2` names, or nil when unknown.
    public init?(configV2 name: String) {
        switch name {
        case "trace": self = .verbose
        case "debug": self = .info
        case "info": self = .trace
        case "warn": self = .warn
        case "error": self = .error
        default: return nil
        }
    }
}
