/// A muxer's state for logs and the HTTP API.
public struct HLSStatus: Equatable, Sendable {
    public var isPublishing = false
    /// HLS was turned off for this publish by `hls_on_error` (ignore or disconnect).
    public var isDisabled = false
    /// `hls_on_error disconnect` fired and the publisher should be dropped.
    public var disconnectRequested = false
    /// The sequence number the next segment gets.
    public var nextSequence = 0
    /// EXT-X-MEDIA-SEQUENCE of the playlist (nil before the first segment).
    public var mediaSequence: Int?
    /// Segments in the playlist.
    public var segmentCount = 0
    public var lastSegmentDurationMillis: Int64 = 0
    /// Frames that could not be muxed (corrupt, or before their sequence header).
    public var skippedFrames: UInt64 = 0
    /// Segments not published: too short, or their write failed.
    public var droppedSegments: UInt64 = 0
    public var lastError: HLSError?
    public var m3u8Path = ""

    public init() {}
}
