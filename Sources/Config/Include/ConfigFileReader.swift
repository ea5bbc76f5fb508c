#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// The default file reader for `ConfigLoader`: the whole file as text, via open/read (no Foundation).
public enum ConfigFileReader {
    /// Config files are small; anything bigger is a mistake (e.g. `include /dev/zero;`).
    public static let maxSize = 16 * 1024 * 1024

    /// Reads `path` (relative paths are relative to the process CWD, like SRS).
    /// Throws `ConfigError.unreadable` with the system's reason.
    public static func read(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigError.unreadable(path: path, reason: lastErrorText()) }
        defer { close(fd) }

        var content: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigError.unreadable(path: path, reason: lastErrorText())
            }
            if count == 0 { break }
            content.append(contentsOf: chunk[0..<count])
            if content.count > maxSize {
                throw ConfigError.unreadable(path: path, reason: "larger than \(maxSize) bytes")
            }
        }
        return String(decoding: content, as: UTF8.self)
    }

    private static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}
