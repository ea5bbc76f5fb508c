/// What one HLS muxer needs from a vhost's `hls {}` block (SRS 5 defaults; srs-facts §1.4, §8).
/// Field names follow `Config.HLSConfig` so the composition root maps them one to one.
public struct HLSSettings: Equatable, Sendable {
    /// `hls_on_error`: what a disk failure does.
    public enum OnError: String, Equatable, Sendable {
        /// Disable HLS for the rest of this publish; the stream goes on.
        case ignore
        /// Ask for the publisher to be dropped (see `HLSMuxer.onDisconnectRequest`).
        case disconnect
        /// Skip the failed segment or playlist and retry with the next one.
        case `continue`
    }
    /// `hls_acodec`: aac and mp3 both mux whatever audio arrives; `an` drops audio.
    public enum AudioCodec: String, Equatable, Sendable { case aac, mp3, none = "an" }
    /// `hls_vcodec`: h264, or `vn` to drop video.
    public enum VideoCodec: String, Equatable, Sendable { case h264, none = "vn" }

    public var enabled: Bool
    /// `hls_fragment`: target segment duration.
    public var fragment: Duration
    /// `hls_td_ratio`: video segments reap at fragment × tdRatio.
    public var tdRatio: Double
    /// `hls_aof_ratio`: audio reaps (pure audio) at fragment × aofRatio.
    public var aofRatio: Double
    /// `hls_window`: media time the playlist keeps.
    public var window: Duration
    public var onError: OnError
    /// `hls_path`: root directory of the files.
    public var path: String
    /// `hls_m3u8_file`: playlist name template under `path`.
    public var m3u8File: String
    /// `hls_ts_file`: segment name template under `path`.
    public var tsFile: String
    /// `hls_ts_floor`: `[timestamp]` in ts names is floor(now / fragment).
    public var tsFloor: Bool
    /// `hls_entry_prefix`: prefix of segment URIs in the playlist.
    public var entryPrefix: String
    public var audioCodec: AudioCodec
    public var videoCodec: VideoCodec
    /// `hls_cleanup`: delete segments that left the window.
    public var cleanup: Bool
    /// `hls_dispose`: delete the stream's files this long after unpublish; zero never does.
    public var dispose: Duration
    /// `hls_wait_keyframe`: video reaps only on keyframes.
    public var waitKeyframe: Bool
    /// Global `utc_time`: date variables in file names use UTC instead of local time.
    public var utcTime: Bool
    /// The vhost's `publish.try_annexb_first`, for the TS frame builder.
    public var annexbFirst = true
    /// `hls_keys`: AES-128 encrypt every segment (see `HLSKey`).
    public var keys: Bool
    /// `hls_fragments_per_key`: a new key every this many segments (values below 1 mean 1).
    public var fragmentsPerKey: Int
    /// `hls_key_file`: key file name template under `keyFilePath` ([vhost] [app] [stream] [seq]).
    public var keyFile: String
    /// `hls_key_file_path`: root directory of the key files (SRS: defaults to `hls_path`).
    public var keyFilePath: String
    /// `hls_key_url`: prefix of the key URI in the playlist; empty = relative to the playlist.
    public var keyURL: String

    public init(enabled: Bool = true, fragment: Duration = .seconds(10), tdRatio: Double = 1.0,
                aofRatio: Double = 2.1, window: Duration = .seconds(60), onError: OnError = .continue,
                path: String = "./objs/nginx/html", m3u8File: String = "[app]/[stream].m3u8",
                tsFile: String = "[app]/[stream]-[seq].ts", tsFloor: Bool = false, entryPrefix: String = "",
                audioCodec: AudioCodec = .aac, videoCodec: VideoCodec = .h264, cleanup: Bool = true,
                dispose: Duration = .seconds(120), waitKeyframe: Bool = true, utcTime: Bool = false,
                keys: Bool = false, fragmentsPerKey: Int = 5, keyFile: String = "[app]/[stream]-[seq].key",
                keyFilePath: String? = nil, keyURL: String = "") {
        self.enabled = enabled
        self.fragment = fragment
        self.tdRatio = tdRatio
        self.aofRatio = aofRatio
        self.window = window
        self.onError = onError
        self.path = path
        self.m3u8File = m3u8File
        self.tsFile = tsFile
        self.tsFloor = tsFloor
        self.entryPrefix = entryPrefix
        self.audioCodec = audioCodec
        self.videoCodec = videoCodec
        self.cleanup = cleanup
        self.dispose = dispose
        self.waitKeyframe = waitKeyframe
        self.utcTime = utcTime
        self.keys = keys
        self.fragmentsPerKey = fragmentsPerKey
        self.keyFile = keyFile
        self.keyFilePath = keyFilePath ?? path
        self.keyURL = keyURL
    }

    /// `hls_fragment` in milliseconds.
    public var fragmentMillis: Int64 { Self.millis(fragment) }
    /// Reap threshold for video: fragment × td_ratio, in ms (SRS `max_td`).
    public var maxTDMillis: Int64 { Self.millis(Double(fragmentMillis) * tdRatio) }
    /// Reap threshold for audio: fragment × aof_ratio, in ms.
    public var aofMillis: Int64 { Self.millis(Double(fragmentMillis) * aofRatio) }
    public var windowMillis: Int64 { Self.millis(window) }
    public var disposeMillis: Int64 { Self.millis(dispose) }
    /// Segments per key, at least 1 (SRS divides by the raw value).
    public var segmentsPerKey: Int { max(1, fragmentsPerKey) }

    /// Whether the key directives are the same (a reload that changes them starts a new key).
    func hasSameKeys(as other: HLSSettings) -> Bool {
        keys == other.keys && fragmentsPerKey == other.fragmentsPerKey && keyFile == other.keyFile
            && keyFilePath == other.keyFilePath && keyURL == other.keyURL
    }

    /// The longest span these settings express, in ms (a quarter of `Int64`: sums stay in range).
    static let maxMillis = Int64.max / 4

    /// Whole milliseconds, saturating at `maxMillis` (and 0 below) rather than trapping.
    static func millis(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        guard seconds < maxMillis / 1000 else { return maxMillis }
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// `value` ms rounded, saturating like `millis(_: Duration)` (a huge ratio, NaN).
    static func millis(_ value: Double) -> Int64 {
        guard value.isFinite else { return value.isNaN ? 0 : (value > 0 ? maxMillis : 0) }
        if value >= Double(maxMillis) { return maxMillis }
        return Int64(max(value.rounded(), 0))
    }
}
