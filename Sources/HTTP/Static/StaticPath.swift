/// Pure resolution of URL paths to files under a web root; the server adds the filesystem checks.
public enum StaticPath {
    /// The file served for a directory URL (`SRS_HTTP_DEFAULT_PAGE`).
    public static let indexFile = "index.html"

    /// The file path, relative to the root, that `rawPath` (still percent-encoded) names under `mount`.
    ///
    /// Decodes `%XX` first (bad escapes and NUL → 400), then rejects any `..` segment and any backslash
    /// (403), so `%2e%2e` and `..%2f` cannot climb out. Empty and `.` segments are dropped (`//` collapses).
    /// A path ending in `/`, or naming the mount itself, gets `index.html`. `mount` is the route pattern
    /// (`/`, `/hls/`, or `demo.com/hls/`, whose host part is ignored as SRS does); a path outside it is 404.
    ///
    /// SRS compat: SRS rejects any URL containing `..` even inside a name (`a..b.ts`); we reject only
    /// `..` segments, which is what can escape the root.
    public static func resolve(rawPath: String, mount: String = "/") throws(HTTPError) -> String {
        let decoded = try PercentDecoding.decode(rawPath)
        // Byte-wise on purpose: a combining mark after '/' would hide it from Character-based splitting.
        guard decoded.utf8.first == slash else { throw .forbiddenPath(rawPath) }
        if decoded.utf8.contains(UInt8(ascii: "\\")) { throw .forbiddenPath(rawPath) }
        var segments = try clean(decoded, original: rawPath)
        let mountPath = mount.utf8.firstIndex(of: slash).map { String(Substring(mount.utf8[$0...])) } ?? "/"
        let mountSegments = try clean(mountPath, original: mount)
        guard segments.starts(with: mountSegments) else { throw .pathOutsideMount(path: rawPath, mount: mount) }
        segments.removeFirst(mountSegments.count)
        if segments.isEmpty || decoded.utf8.last == slash { segments.append(Substring(indexFile)) }
        return segments.joined(separator: "/")
    }

    private static let slash = UInt8(ascii: "/")

    /// The non-empty, non-`.` segments of `path`; `..` anywhere is forbidden.
    private static func clean(_ path: String, original: String) throws(HTTPError) -> [Substring] {
        var segments: [Substring] = []
        for bytes in path.utf8.split(separator: slash, omittingEmptySubsequences: true) {
            if bytes.elementsEqual("..".utf8) { throw .forbiddenPath(original) }
            if bytes.elementsEqual(".".utf8) { continue }
            segments.append(Substring(bytes))
        }
        return segments
    }

    /// `root` joined with a relative path from `resolve`, with exactly one `/` between them.
    public static func join(root: String, _ relative: String) -> String {
        let base = trimmedRoot(root)
        if relative.isEmpty { return base }
        return base.utf8.last == slash ? base + relative : base + "/" + relative
    }

    /// `root` without trailing slashes, except for `/` itself.
    private static func trimmedRoot(_ root: String) -> String {
        var base = root.utf8[...]
        while base.count > 1 && base.last == slash { base = base.dropLast() }
        return String(Substring(base))
    }

    /// Whether `resolved` is `root` or below it; pass both through realpath(3) first, so a symlink that
    /// points outside the root is caught.
    public static func isInside(root: String, resolved: String) -> Bool {
        let base = trimmedRoot(root)
        if base == "/" { return resolved.utf8.first == slash }
        return resolved.utf8.elementsEqual(base.utf8) || resolved.utf8.starts(with: (base + "/").utf8)
    }
}
