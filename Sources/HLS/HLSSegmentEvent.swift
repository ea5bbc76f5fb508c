import Live

/// A segment that was just published (written, in the playlist): what `on_hls` reports.
public struct HLSSegmentEvent: Sendable {
    public var key: StreamKey
    public var sequence: Int
    public var durationMillis: Int64
    /// The .ts file as written (`hls_path`/`hls_ts_file`).
    public var path: String
    /// The segment's URI in the playlist.
    public var uri: String
    /// The segment URL below the playlist's URL directory (SRS's `url`).
    public var url: String
    /// The playlist file and its URL (`m3u8`, `m3u8_url`).
    public var m3u8Path: String
    public var m3u8URL: String
}
