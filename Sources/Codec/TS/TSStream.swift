/// An elementary stream the TS muxer carries, with SRS's fixed PIDs and ids (srs-facts §8.3).
public enum TSStream: Int, Equatable, Hashable, Sendable, CaseIterable {
    case h264
    case aac
    case mp3

    /// The elementary PID: video 0x100, AAC 0x101, MP3 0x102.
    public var pid: UInt16 {
        switch self {
        case .h264: return 0x100
        case .aac: return 0x101
        case .mp3: return 0x102
        }
    }

    /// PMT stream_type (ISO 13818-1 Table 2-34; 0x1b H.264, 0x0f ADTS AAC, 0x03 MPEG-1 audio).
    public var streamType: UInt8 {
        switch self {
        case .h264: return 0x1B
        case .aac: return 0x0F
        case .mp3: return 0x03
        }
    }

    /// PES stream_id (ISO 13818-1 Table 2-22): 0xe0 first video stream, 0xc0 first audio stream.
    public var streamID: UInt8 { isVideo ? 0xE0 : 0xC0 }

    public var isVideo: Bool { self == .h264 }
}
