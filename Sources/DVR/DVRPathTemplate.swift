import Core

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
        PathTemplate.stream(template, vhost: vhost, app: app, stream: stream)
    }

    /// Replaces the date and time variables and [timestamp].
    public static func time(_ template: String, wallMillis: Int64, utc: Bool) -> String {
        PathTemplate.time(template, wallMillis: wallMillis, utc: utc)
    }

    /// SRS `srs_path_dirname`: everything before the last '/', "/" for a root file, "." when
    /// there is no slash.
    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}
