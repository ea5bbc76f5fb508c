#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SRS's path variables shared by `hls_m3u8_file` / `hls_ts_file` and `dvr_path`
/// (`srs_path_build_stream`, `srs_path_build_timestamp`).
public enum PathTemplate {
    /// Replaces [vhost], [app] and [stream].
    public static func stream(_ template: String, vhost: String, app: String, stream: String) -> String {
        guard template.contains("[") else { return template }
        return template.replacing("[vhost]", with: vhost).replacing("[app]", with: app)
            .replacing("[stream]", with: stream)
    }

    /// Replaces [2006] [01] [02] [15] [04] [05] [999] (local time, or UTC) and [timestamp] (ms).
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

    /// Zero-padded decimal.
    public static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
