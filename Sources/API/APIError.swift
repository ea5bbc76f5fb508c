/// Errors of the API module: JSON parsing, `/proc` text parsing and the thin file readers.
public enum APIError: Error, Equatable, CustomStringConvertible {
    /// The JSON text is not valid at `offset` (byte index into the input).
    case jsonSyntax(offset: Int, reason: String)
    /// Arrays/objects nest deeper than the parser allows.
    case jsonTooDeep(limit: Int)
    /// A `/proc`-style text could not be parsed.
    case procMalformed(file: String, reason: String)
    /// A system call failed while reading `path`.
    case readFailed(path: String, errno: Int32)
    /// A system call that is not a file read failed.
    case systemCallFailed(call: String, errno: Int32)

    public var description: String {
        switch self {
        case .jsonSyntax(let offset, let reason):
            return "json: \(reason) at byte \(offset)"
        case .jsonTooDeep(let limit):
            return "json: nesting deeper than \(limit)"
        case .procMalformed(let file, let reason):
            return "proc: \(file): \(reason)"
        case .readFailed(let path, let errno):
            return "read \(path) failed, errno=\(errno)"
        case .systemCallFailed(let call, let errno):
            return "\(call) failed, errno=\(errno)"
        }
    }
}
