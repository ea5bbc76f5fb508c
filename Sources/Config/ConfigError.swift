import Core

/// Everything that can make a config file unusable. Printed SRS-style as `file:line: reason`.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible, SRSCoded {
    /// The text is not a well-formed directive tree (tokens, quotes, braces).
    case syntax(file: String, line: Int, reason: String)
    /// A well-formed directive that is not acceptable: unknown name, bad value, conflict, bad include.
    case invalid(file: String, line: Int, reason: String)
    /// A file could not be read (the config itself; includes are reported as `.invalid` at their line).
    case unreadable(path: String, reason: String)
    /// Several problems, in the order they were found; never nested, never a single element.
    case multiple([ConfigError])

    /// Wraps a list of problems: the error itself when there is one, `.multiple` otherwise.
    static func combining(_ errors: [ConfigError]) -> ConfigError? {
        let flat = errors.flatMap(\.all)
        switch flat.count {
        case 0: return nil
        case 1: return flat[0]
        default: return .multiple(flat)
        }
    }

    /// The individual problems (one element unless `.multiple`).
    public var all: [ConfigError] {
        if case .multiple(let list) = self { return list.flatMap(\.all) }
        return [self]
    }

    public var description: String {
        switch self {
        case .syntax(let file, let line, let reason), .invalid(let file, let line, let reason):
            return ConfigLocation.format(file: file, line: line, message: reason)
        case .unreadable(let path, let reason):
            return "\(path): cannot read config file: \(reason)"
        case .multiple(let list):
            return list.map(\.description).joined(separator: "\n")
        }
    }

    /// SRS compat: every config problem is ERROR_SYSTEM_CONFIG_INVALID (1023).
    public var srsCode: Int { SRSErrorCode.configInvalid }
}

/// Formats `file:line: message`, dropping the line when it is unknown (0).
enum ConfigLocation {
    static func format(file: String, line: Int, message: String) -> String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
