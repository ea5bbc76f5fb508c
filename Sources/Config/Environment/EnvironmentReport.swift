/// What the environment did to a config: the directives it set and the `SRS_*` variables it
/// ignored. The composition root logs it (`srs -t` shows every override).
public struct EnvironmentReport: Equatable, Sendable {
    /// One directive set from the environment.
    public struct Override: Equatable, Sendable, CustomStringConvertible {
        /// The variable that was read (an alias when that is what was set).
        public let variable: String
        /// Its value, `******` for secrets.
        public let value: String
        /// The directive as a config file would say it: `vhost __defaultVhost__ { hls { enabled on; } }`.
        public let directive: String
        /// Set by `srs -e` itself (SRS: daemon off, console log), not by the user.
        public let implied: Bool

        public init(variable: String, value: String, directive: String, implied: Bool = false) {
            self.variable = variable
            self.value = value
            self.directive = directive
            self.implied = implied
        }

        public var description: String {
            implied ? "-e default \(variable)=\(value) => \(directive)" : "\(variable)=\(value) => \(directive)"
        }
    }

    /// The config came from the environment only (`srs -e`, `SRS_ENV_ONLY`).
    public var environmentOnly: Bool
    public var overrides: [Override]
    /// `SRS_*` variables no SRS 5 directive reads (misspelt, or from another version), sorted.
    public var unknown: [String]
    /// SRS 5 variables of features this server does not implement (WebRTC, SRT...), sorted.
    public var notImplemented: [String]

    public init(environmentOnly: Bool = false, overrides: [Override] = [], unknown: [String] = [],
                notImplemented: [String] = []) {
        self.environmentOnly = environmentOnly
        self.overrides = overrides
        self.unknown = unknown
        self.notImplemented = notImplemented
    }

    public static let empty = EnvironmentReport()

    /// The warnings worth one line each at startup (unknown and ignored variables), if any.
    public var warnings: [String] {
        var lines: [String] = []
        if !unknown.isEmpty {
            lines.append("env: unknown SRS_* variables, ignored: \(unknown.joined(separator: " "))")
        }
        if !notImplemented.isEmpty {
            lines.append("env: SRS 5 variables of features not implemented here, ignored: \(notImplemented.joined(separator: " "))")
        }
        return lines
    }
}
