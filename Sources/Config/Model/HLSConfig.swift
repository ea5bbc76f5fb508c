/// vhost `hls {}`: HLS segmenting (SRS 5 defaults; semantics in srs-facts §8).
public struct HLSConfig: Equatable, Sendable {
    /// What to do when writing HLS fails (SRS `hls_on_error`).
    public enum OnError: String, Equatable, Sendable {
        /// Disable HLS for the stream, keep publishing.
        case ignore
        /// Disconnect the publisher (also SRS's meaning of any unknown word).
        case disconnect
        /// Keep going (SRS 5 default).
        case `continue`
    }
    /// `hls_acodec`: aac, mp3, or an (no audio).
    public enum AudioCodec: String, Equatable, Sendable { case aac, mp3, none = "an" }
    /// `hls_vcodec`: h264, or vn (no video).
    public enum VideoCodec: String, Equatable, Sendable { case h264, none = "vn" }

    public var enabled: Bool
    /// Target segment duration.
    public var fragment: Duration
    /// EXT-X-TARGETDURATION = fragment × tdRatio at least.
    public var tdRatio: Double
    /// Pure-audio streams cut at fragment × aofRatio.
    public var aofRatio: Double
    /// Playlist length in media time.
    public var window: Duration
    public var onError: OnError
    /// Root directory for m3u8/ts files.
    public var path: String
    public var m3u8File: String
    public var tsFile: String
    /// Name segments by floor(timestamp / fragment).
    public var tsFloor: Bool
    /// Prefix for segment URLs in the playlist.
    public var entryPrefix: String
    public var audioCodec: AudioCodec
    public var videoCodec: VideoCodec
    /// Delete segments that left the window.
    public var cleanup: Bool
    /// Delete everything after unpublish + this long; zero = never.
    public var dispose: Duration
    /// Bytes read from the on_hls_notify URL.
    public var nbNotify: Int
    /// Cut segments on keyframes only.
    public var waitKeyframe: Bool
    /// AES-128 encrypt segments.
    public var keys: Bool
    public var fragmentsPerKey: Int
    public var keyFile: String
    /// Directory for key files (defaults to `path`).
    public var keyFilePath: String
    public var keyURL: String
    /// Use DTS directly as segment timestamps.
    public var dtsDirectly: Bool
    /// Track HLS players by a session context id in the m3u8 URL.
    public var ctx: Bool
    /// Add the context id to ts URLs as well.
    public var tsCtx: Bool

    public static let defaults = HLSConfig(
        enabled: false, fragment: .seconds(10), tdRatio: 1.0, aofRatio: 2.1, window: .seconds(60),
        onError: .continue, path: "./objs/nginx/html", m3u8File: "[app]/[stream].m3u8",
        tsFile: "[app]/[stream]-[seq].ts", tsFloor: false, entryPrefix: "", audioCodec: .aac,
        videoCodec: .h264, cleanup: true, dispose: .seconds(120), nbNotify: 64, waitKeyframe: true,
        keys: false, fragmentsPerKey: 5, keyFile: "[app]/[stream]-[seq].key",
        keyFilePath: "./objs/nginx/html", keyURL: "", dtsDirectly: true, ctx: true, tsCtx: true
    )
}
