import Glibc

/// The FLV test clips that `scripts/make-test-media.sh` generates into `<repo>/objs/media`
/// (`make media`; `make unit` and `make test` run it first), or the folder `SRS_MEDIA_DIR` names.
public enum MediaClips {
    public static let clip720p = "avc-aac-720p-20s.flv"
    public static let clip360p = "avc-aac-360p-10s.flv"
    public static let clip240p = "avc-only-240p-6s.flv"
    public static let aacOnly = "aac-only-6s.flv"
    public static let all = [clip720p, clip360p, clip240p, aacOnly]

    /// `SRS_MEDIA_DIR`, else `<repo>/objs/media` from this file's real (symlink-resolved) path:
    /// inside the repository, never beside it.
    public static func directory(filePath: String = #filePath) -> String {
        if let override = getenv("SRS_MEDIA_DIR") { return String(cString: override) }
        var path = filePath
        if let resolved = realpath(filePath, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        // …/Tests/TestSupport/MediaClips.swift → …/objs/media
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/objs/media"
    }

    /// The whole clip, or nil if it cannot be read.
    public static func load(_ name: String) -> [UInt8]? {
        guard let file = fopen(directory() + "/" + name, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

/// A tiny deterministic generator so "random bytes" tests are reproducible.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}
