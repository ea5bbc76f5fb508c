/// Content types of static files by extension, as SRS's `SrsHttpFileServer::serve_file` table.
public enum MIMETypes {
    /// SRS compat: unknown extensions (and files without one) are served as a byte stream.
    public static let fallback = "application/octet-stream"

    /// SRS compat: SRS's table verbatim (no `charset` on any type), plus `.svg` and `.txt`, which SRS
    /// would serve as `application/octet-stream`.
    public static let byExtension: [String: String] = [
        ".ts": "video/MP2T",
        ".flv": "video/x-flv",
        ".m4v": "video/x-m4v",
        ".3gpp": "video/3gpp",
        ".3gp": "video/3gpp",
        ".mp4": "video/mp4",
        ".aac": "audio/x-aac",
        ".mp3": "audio/mpeg",
        ".m4a": "audio/x-m4a",
        ".ogg": "audio/ogg",
        ".m3u8": "application/vnd.apple.mpegurl",
        ".rss": "application/rss+xml",
        ".json": "application/json",
        ".swf": "application/x-shockwave-flash",
        ".doc": "application/msword",
        ".zip": "application/zip",
        ".rar": "application/x-rar-compressed",
        ".xml": "text/xml",
        ".html": "text/html",
        ".js": "text/javascript",
        ".css": "text/css",
        ".ico": "image/x-icon",
        ".png": "image/png",
        ".jpeg": "image/jpeg",
        ".jpg": "image/jpeg",
        ".gif": "image/gif",
        ".mpd": "application/dash+xml",
        ".m4s": "video/iso.segment",
        ".mp4v": "video/mp4",
        // Not in SRS's table.
        ".svg": "image/svg+xml",
        ".txt": "text/plain",
    ]

    /// The content type for a path or file name; the extension is matched case-insensitively.
    public static func contentType(forPath path: String) -> String {
        guard let ext = fileExtension(path) else { return fallback }
        return byExtension[ext] ?? fallback
    }

    /// The lowercased extension of the last path component, dot included (`/a/B.M3U8` → `.m3u8`).
    public static func fileExtension(_ path: String) -> String? {
        let name = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? path.utf8[...]
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        return String(decoding: name[dot...].map(HTTPSyntax.lowercased), as: UTF8.self)
    }
}
