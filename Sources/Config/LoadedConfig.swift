/// A validated config plus the warnings produced while loading it (log them, then run).
public struct LoadedConfig: Equatable, Sendable {
    public let config: ServerConfig
    public let warnings: [ConfigWarning]

    public init(config: ServerConfig, warnings: [ConfigWarning]) {
        self.config = config
        self.warnings = warnings
    }
}
