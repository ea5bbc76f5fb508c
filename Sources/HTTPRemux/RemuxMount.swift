import Live

/// Matches request paths against a vhost's `http_remux` mount template (srs-facts §7 "hijack"):
/// same extension, same number of path segments; `[app]` and `[stream]` are captured. The
/// extension picks the container, as in SRS 5: `.flv`, `.ts`, `.mp3` or `.aac`.
public struct RemuxMount: Equatable, Sendable {
    /// What the mount streams.
    public enum Format: String, Sendable, CaseIterable {
        case flv, ts, mp3, aac

        /// Audio-only containers: video and metadata are dropped, `fast_cache` applies, and the
        /// source's GOP cache is not replayed (SRS's `has_cache()` encoders).
        public var isAudioOnly: Bool { self == .mp3 || self == .aac }
    }

    public let format: Format
    /// Template segments after the vhost part, e.g. `["[app]", "[stream].flv"]`.
    let segments: [String]

    /// Parses a mount template; nil for an extension this server does not stream.
    public init?(template: String) {
        var path = template
        if path.hasPrefix("[vhost]") { path.removeFirst("[vhost]".count) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let last = parts.last, let dot = last.lastIndex(of: ".") else { return nil }
        guard let format = Format(rawValue: String(last[last.index(after: dot)...])) else { return nil }
        self.format = format
        segments = parts
    }

    /// The stream a request path names, if it fits the template.
    public func match(path: String, vhost: String) -> StreamKey? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == segments.count, let last = parts.last, last.hasSuffix("." + format.rawValue) else { return nil }
        var app = "", stream = ""
        for (template, value) in zip(segments, parts) {
            var value = value
            if template == segments.last { value.removeLast(format.rawValue.count + 1) }
            let name = template == segments.last ? String(template.dropLast(format.rawValue.count + 1)) : template
            switch name {
            case "[app]": app = value
            case "[stream]": stream = value
            default:
                if name != value { return nil }
            }
        }
        guard !stream.isEmpty else { return nil }
        return StreamKey(vhost: vhost, app: app.isEmpty ? "__defaultApp__" : app, stream: stream)
    }
}
