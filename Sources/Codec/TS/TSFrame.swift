/// One access unit ready for PES packing: which stream, its 90 kHz clock values, and whether it
/// is a random access point. The payload (Annex-B, ADTS or MP3 bytes) travels beside it.
public struct TSFrame: Equatable, Sendable {
    public var stream: TSStream
    /// Decoding time stamp, 90 kHz (FLV ms × 90).
    public var dts: Int64
    /// Presentation time stamp, 90 kHz (DTS + composition time × 90 for video).
    public var pts: Int64
    /// A video IDR frame (the FLV keyframe flag); false for audio.
    public var isKeyframe: Bool

    public init(stream: TSStream, dts: Int64, pts: Int64, isKeyframe: Bool = false) {
        self.stream = stream
        self.dts = dts
        self.pts = pts
        self.isKeyframe = isKeyframe
    }

    /// The DTS in the FLV millisecond timeline.
    public var dtsMillis: Int64 { dts / 90 }
}
