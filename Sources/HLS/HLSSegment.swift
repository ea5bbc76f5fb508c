/// One closed segment in the playlist window.
public struct HLSSegment: Equatable, Sendable {
    /// Its media sequence number.
    public var sequence: Int
    /// max(DTS) − min(DTS) of its frames, in ms (SRS: the last frame's own duration excluded).
    public var durationMillis: Int64
    /// `#EXT-X-DISCONTINUITY` goes before it.
    public var discontinuity: Bool
    /// Its line in the playlist (may still contain `[duration]`, replaced when rendered).
    public var uri: String
    /// The file on disk.
    public var path: String
    /// The key it is encrypted with (`hls_keys`), nil for a clear segment.
    public var key: HLSKey?

    public init(sequence: Int, durationMillis: Int64, discontinuity: Bool, uri: String, path: String,
                key: HLSKey? = nil) {
        self.sequence = sequence
        self.durationMillis = durationMillis
        self.discontinuity = discontinuity
        self.uri = uri
        self.path = path
        self.key = key
    }
}
