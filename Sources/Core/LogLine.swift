#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats SRS log lines: `[YYYY-MM-DD HH:MM:SS.mmm][LEVEL][pid][cid] message`.
///
/// WARN and ERROR carry an errno field after the cid, and ERROR appends `(strerror)` when
/// errno is not zero, as SRS does.
public struct LogLine {
    public var utc: Bool
    public var pid: Int32

    public init(utc: Bool, pid: Int32) {
        self.utc = utc
        self.pid = pid
    }

    /// The timestamp part `YYYY-MM-DD HH:MM:SS.mmm` for `wallMillis`.
    public func timestamp(wallMillis: Int64) -> String {
        var seconds = time_t(wallMillis / 1000)
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + pad(Int32(wallMillis % 1000), 3)
    }

    /// One full line without the trailing newline.
    public func format(level: LogLevel, cid: String, message: String, errno code: Int32 = 0, wallMillis: Int64) -> String {
        var line = "[\(timestamp(wallMillis: wallMillis))][\(level.word)][\(pid)][\(cid)]"
        if level >= .warn { line += "[\(code)]" }
        line += " " + message
        if level == .error, code != 0, let text = strerror(code) {
            line += "(\(String(cString: text)))"
        }
        // SRS compat: a line is at most 8 KiB.
        if line.utf8.count > 8190 { line = String(line.utf8.prefix(8190)) ?? line }
        return line
    }
}
