/// A validated config plus the warnings produced while loading it (log them, then run).
public struct LoadedConfig: Equatable, Sendable {
    public let config: ServerConfig
    public let warnings: [ConfigWarning]
    /// The directives the `SRS_*` environment set, and the variables it ignored.
    public let environment: EnvironmentReport

    public init(config: ServerConfig, warnings: [ConfigWarning], environment: EnvironmentReport = .empty) {
        self.config = config
        self.warnings = warnings
        self.environment = environment
    }
}
