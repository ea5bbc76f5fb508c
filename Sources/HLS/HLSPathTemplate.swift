import Core

/// The variables of hls_m3u8_file / hls_ts_file (srs-facts §8.2; SRS `srs_path_build_stream`,
/// `srs_path_build_timestamp`).
public enum HLSPathTemplate {
    /// Replaces [vhost], [app] and [stream].
    public static func stream(_ template: String, vhost: String, app: String, stream: String) -> String {
        PathTemplate.stream(template, vhost: vhost, app: app, stream: stream)
    }

    /// Replaces [2006] [01] [02] [15] [04] [05] [999] (local time, or UTC) and [timestamp] (ms).
    public static func time(_ template: String, wallMillis: Int64, utc: Bool) -> String {
        PathTemplate.time(template, wallMillis: wallMillis, utc: utc)
    }

    /// Replaces [seq].
    public static func sequence(_ template: String, _ sequence: Int) -> String {
        template.replacing("[seq]", with: String(sequence))
    }

    /// Replaces [duration] with the segment's duration in ms.
    public static func duration(_ template: String, millis: Int64) -> String {
        template.replacing("[duration]", with: String(millis))
    }

    /// SRS `srs_path_dirname`: everything before the last '/', "/" for a root file, "." when
    /// there is no slash.
    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The playlist line of a segment stored at `tsPath` (SRS `segment_open`): the path relative
    /// to the playlist's directory, behind `hls_entry_prefix`. A prefix without a trailing slash
    /// gets one plus the playlist URL's directory.
    public static func uri(tsPath: String, m3u8Directory: String, m3u8URL: String, entryPrefix: String) -> String {
        var relative = Substring(tsPath)
        if relative.hasPrefix(m3u8Directory) { relative = relative.dropFirst(m3u8Directory.count) }
        while relative.hasPrefix("/") { relative = relative.dropFirst() }
        var uri = entryPrefix
        if !entryPrefix.isEmpty && !entryPrefix.hasSuffix("/") {
            uri += "/"
            // SRS would add "./" for a playlist URL without a directory; nothing is cleaner.
            if let slash = m3u8URL.lastIndex(of: "/"), slash != m3u8URL.startIndex {
                uri += m3u8URL[..<slash] + "/"
            }
        }
        return uri + relative
    }

    /// The `URI` of a key whose file name (hls_key_file with [vhost] [app] [stream] [seq]
    /// replaced) is `keyName`, stored at `keyPath` (SRS `_refresh_m3u8`).
    ///
    /// With `hls_key_url` set, SRS writes the URL followed by the name, adding no slash
    /// (`https://cdn/` + `live/livestream-0.key`). Without it SRS writes the bare name, which a
    /// player resolves against the playlist's URL (`/live/` + `live/livestream-0.key`, a 404 with
    /// the default template); we write the key file's path relative to the playlist's directory
    /// instead (`livestream-0.key`), and the bare name only when the key lies elsewhere.
    public static func keyURI(keyName: String, keyPath: String, m3u8Directory: String, keyURL: String) -> String {
        guard keyURL.isEmpty else { return keyURL + keyName }
        let directory = m3u8Directory.hasSuffix("/") ? m3u8Directory : m3u8Directory + "/"
        guard keyPath.hasPrefix(directory) else { return keyName }
        var relative = Substring(keyPath).dropFirst(directory.count)
        while relative.hasPrefix("/") { relative = relative.dropFirst() }
        return String(relative)
    }
}
