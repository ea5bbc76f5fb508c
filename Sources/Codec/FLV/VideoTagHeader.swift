/// The header at the start of an FLV video tag body (FLV spec v10 §E.4.3.1 VIDEODATA,
/// AVCVIDEOPACKET for codec id 7).
public struct VideoTagHeader: Equatable, Sendable {
    /// FrameType values (upper 4 bits of the first byte).
    public enum FrameType {
        public static let keyframe: UInt8 = 1
        public static let interFrame: UInt8 = 2
        public static let disposableInterFrame: UInt8 = 3
        public static let generatedKeyframe: UInt8 = 4
        public static let videoInfoOrCommand: UInt8 = 5
    }

    /// CodecID values (lower 4 bits of the first byte).
    public enum CodecID {
        public static let sorensonH263: UInt8 = 2
        public static let screenVideo: UInt8 = 3
        public static let vp6: UInt8 = 4
        public static let vp6Alpha: UInt8 = 5
        public static let screenVideo2: UInt8 = 6
        public static let avc: UInt8 = 7
        /// Not in the FLV spec; used by SRS v6+ and others for HEVC.
        public static let hevc: UInt8 = 12
    }

    /// AVCPacketType values.
    public enum AVCPacketType {
        public static let sequenceHeader: UInt8 = 0
        public static let nalu: UInt8 = 1
        public static let endOfSequence: UInt8 = 2
    }

    public var frameType: UInt8
    public var codecID: UInt8
    /// Present for AVC (codec id 7) only.
    public var avcPacketType: UInt8?
    /// CompositionTime (signed 24 bits, ms) for AVC; 0 otherwise.
    public var compositionTime: Int32
    /// Bytes this header takes: 5 for AVC, 1 otherwise. The payload starts here.
    public var size: Int { avcPacketType == nil ? 1 : 5 }

    public var isKeyframe: Bool { frameType == FrameType.keyframe }
    public var isAVC: Bool { codecID == CodecID.avc }
    public var isSequenceHeader: Bool { avcPacketType == AVCPacketType.sequenceHeader }

    public init(frameType: UInt8, codecID: UInt8, avcPacketType: UInt8? = nil, compositionTime: Int32 = 0) {
        self.frameType = frameType
        self.codecID = codecID
        self.avcPacketType = avcPacketType
        self.compositionTime = compositionTime
    }

    /// Parses the header at the start of a video tag body (an `[UInt8]`, slice or raw buffer).
    @inlinable
    public init<Body: RandomAccessCollection>(parsing body: Body) throws(CodecError)
    where Body.Element == UInt8, Body.Index == Int {
        let start = body.startIndex
        guard body.count >= 1 else { throw .flvEmptyTagBody }
        let first = body[start]
        frameType = first >> 4
        codecID = first & 0x0F
        guard codecID == CodecID.avc else {
            avcPacketType = nil
            compositionTime = 0
            return
        }
        guard body.count >= 5 else {
            throw .truncated(context: "flv avc video header", offset: 1, needed: 4, available: body.count - 1)
        }
        avcPacketType = body[start + 1]
        let raw = UInt32(body[start + 2]) << 16 | UInt32(body[start + 3]) << 8 | UInt32(body[start + 4])
        // Sign-extend the 24-bit value.
        compositionTime = Int32(bitPattern: raw << 8) >> 8
    }

    /// Appends the header bytes (1, or 5 for AVC).
    public func append(to bytes: inout [UInt8]) {
        bytes.append(frameType << 4 | codecID & 0x0F)
        guard let avcPacketType else { return }
        bytes.append(avcPacketType)
        let raw = UInt32(bitPattern: compositionTime) & 0xFF_FFFF
        bytes.append(UInt8(truncatingIfNeeded: raw >> 16))
        bytes.append(UInt8(truncatingIfNeeded: raw >> 8))
        bytes.append(UInt8(truncatingIfNeeded: raw))
    }
}
