/// Where the config comes from: a file with the environment over it, or (`srs -e`) the
/// environment alone. The environment is a snapshot taken at start, so a reload sees the same
/// variables (a process's environment does not change from outside).
public struct ConfigSource: Equatable, Sendable {
    public enum Origin: Equatable, Sendable {
        case file(String)
        /// `srs -e` or `SRS_ENV_ONLY`: an empty config, then the environment.
        case environmentOnly
    }

    public let origin: Origin
    public let environment: [String: String]

    public init(origin: Origin, environment: [String: String]) {
        self.origin = origin
        self.environment = environment
    }

    /// The config file, nil in environment-only mode (nothing to watch for auto reload).
    public var path: String? {
        if case .file(let path) = origin { return path }
        return nil
    }

    /// The name used in messages: the file, or `(env)`.
    public var displayName: String { path ?? "(env)" }

    /// Loads (or reloads) the config this source describes.
    public func load(readFile: ConfigLoader.FileReader = ConfigFileReader.read) throws -> LoadedConfig {
        switch origin {
        case .file(let path): return try ConfigLoader.load(path: path, environment: environment, readFile: readFile)
        case .environmentOnly: return try ConfigLoader.loadEnvironmentOnly(environment)
        }
    }

    /// How the command line and the environment choose a source (SRS `parse_options`).
    public enum Resolution: Equatable, Sendable {
        /// `notes` say what was overridden or ignored, for the log.
        case source(ConfigSource, notes: [String])
        /// Neither `-c`, `SRS_CONFIG_FILE` nor `-e`.
        case noConfig
    }

    /// SRS compat: `-e` or a present `SRS_ENV_ONLY` (any value) ignores every file; otherwise a
    /// non-empty `SRS_CONFIG_FILE` wins over `-c`.
    public static func resolve(configFile: String?, environmentOnly: Bool, environment: [String: String]) -> Resolution {
        let envFile = environment["SRS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if environmentOnly || environment["SRS_ENV_ONLY"] != nil {
            let ignored = [configFile, envFile].compactMap { $0 }
            let notes = ignored.map { "env only: ignore config file \($0)" }
            return .source(ConfigSource(origin: .environmentOnly, environment: environment), notes: notes)
        }
        if let envFile {
            let notes = configFile.map { ["ENV: Overwrite config \($0) to \(envFile)"] } ?? []
            return .source(ConfigSource(origin: .file(envFile), environment: environment), notes: notes)
        }
        guard let configFile else { return .noConfig }
        return .source(ConfigSource(origin: .file(configFile), environment: environment), notes: [])
    }
}
