#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The variables of `dvr_path` (SRS `SrsDvrSegmenter::generate_path`, `srs_path_build_stream`,
/// `srs_path_build_timestamp`): [vhost] [app] [stream], the date and time [2006] [01] [02] [15]
/// [04] [05] [999] (local time, or UTC with `utc_time on`) and [timestamp] (Unix ms).
public enum DVRPathTemplate {
    /// SRS compat: a path that names no `.flv` or `.mp4` file is a directory for
    /// `[stream].[timestamp].flv`.
    public static let defaultFileName = "[stream].[timestamp].flv"

    /// The path of a file opened at `wallMillis`.
    public static func path(_ template: String, vhost: String, app: String, stream: String, wallMillis: Int64,
                            utc: Bool) -> String {
        var path = template
        if !path.hasSuffix(".flv") && !path.hasSuffix(".mp4") { path += "/" + defaultFileName }
        return time(self.stream(path, vhost: vhost, app: app, stream: stream), wallMillis: wallMillis, utc: utc)
    }

    /// Replaces [vhost], [app] and [stream].
    public static func stream(_ template: String, vhost: String, app: String, stream: String) -> String {
        guard template.contains("[") else { return template }
        return template.replacing("[vhost]", with: vhost).replacing("[app]", with: app)
            .replacing("[stream]", with: stream)
    }

    /// Replaces the date and time variables and [timestamp].
    public static func time(_ template: String, wallMillis: Int64, utc: Bool) -> String {
        guard template.contains("[") else { return template }
        var seconds = time_t(wallMillis / 1000)
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        return template
            .replacing("[2006]", with: pad(Int(parts.tm_year) + 1900, 4))
            .replacing("[01]", with: pad(Int(parts.tm_mon) + 1, 2))
            .replacing("[02]", with: pad(Int(parts.tm_mday), 2))
            .replacing("[15]", with: pad(Int(parts.tm_hour), 2))
            .replacing("[04]", with: pad(Int(parts.tm_min), 2))
            .replacing("[05]", with: pad(Int(parts.tm_sec), 2))
            .replacing("[999]", with: pad(Int(wallMillis % 1000), 3))
            .replacing("[timestamp]", with: String(wallMillis))
    }

    /// SRS `srs_path_dirname`: everything before the last '/', "/" for a root file, "." when
    /// there is no slash.
    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
