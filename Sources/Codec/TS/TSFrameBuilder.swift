import Core

/// Turns FLV-tag-shaped packets into TS access units: keeps the sequence headers, converts H.264
/// to Annex-B and AAC to ADTS, passes MP3 through (srs-facts §8.3). Pure; reusable by HLS and
/// HTTP-TS.
public struct TSFrameBuilder {
    /// What one packet became.
    public enum Output: Equatable, Sendable {
        /// An access unit whose bytes were written to the payload buffer.
        case frame(TSFrame)
        /// A sequence header was stored; `changed` when it differs from the one before it.
        case sequenceHeader(TSStream, changed: Bool)
        /// Metadata, other codecs, AVC end-of-sequence, video info frames, empty bodies.
        case ignored
    }

    public private(set) var avcConfig: AVCDecoderConfigurationRecord?
    public private(set) var audioConfig: AudioSpecificConfig?
    /// Set once an MP3 frame went by (MP3 has no sequence header).
    public private(set) var sawMP3 = false
    private var videoHeaderBody: [UInt8]?
    private var audioHeaderBody: [UInt8]?
    private var ranges: [Range<Int>] = []
    /// `publish.try_annexb_first` (SRS 5, default on): a frame that starts with a start code is
    /// read as Annex-B first; off reads AVCC first. Either way the other framing is the fallback.
    public var annexbFirst: Bool

    public init(annexbFirst: Bool = true) {
        self.annexbFirst = annexbFirst
    }

    /// The streams whose codec is known so far, for a PMT before the first frame.
    public var knownStreams: [TSStream] {
        var streams: [TSStream] = []
        if avcConfig != nil { streams.append(.h264) }
        if audioConfig != nil { streams.append(.aac) }
        if sawMP3 { streams.append(.mp3) }
        return streams
    }

    /// Converts `packet`; the access unit's bytes replace the contents of `payload`.
    /// Corrupt input throws and leaves the stored sequence headers untouched.
    public mutating func build(_ packet: MediaPacket, into payload: inout [UInt8]) throws(CodecError) -> Output {
        payload.removeAll(keepingCapacity: true)
        switch packet.kind {
        case .script: return .ignored
        case .video: return try buildVideo(packet.payload.bytes, timestamp: packet.timestamp, into: &payload)
        case .audio: return try buildAudio(packet.payload.bytes, timestamp: packet.timestamp, into: &payload)
        }
    }

    private mutating func buildVideo(_ bytes: UnsafeRawBufferPointer, timestamp: Int64,
                                     into payload: inout [UInt8]) throws(CodecError) -> Output {
        guard !bytes.isEmpty else { return .ignored }
        let header = try VideoTagHeader(parsing: bytes)
        guard header.isAVC, header.frameType != VideoTagHeader.FrameType.videoInfoOrCommand else { return .ignored }
        let body = UnsafeRawBufferPointer(rebasing: bytes[header.size...])
        switch header.avcPacketType {
        case VideoTagHeader.AVCPacketType.sequenceHeader:
            let config = try AVCDecoderConfigurationRecord(parsing: body)
            let raw = Array(body)
            let changed = raw != videoHeaderBody
            avcConfig = config
            videoHeaderBody = raw
            return .sequenceHeader(.h264, changed: changed)
        case VideoTagHeader.AVCPacketType.nalu:
            guard let config = avcConfig else { throw .tsMissingSequenceHeader(track: "video") }
            try splitNALUs(body, lengthSize: config.naluLengthSize)
            AVCAnnexB.append(ranges, of: body, config: config, to: &payload)
            let dts = timestamp * 90
            let pts = (timestamp + Int64(header.compositionTime)) * 90
            return .frame(TSFrame(stream: .h264, dts: dts, pts: pts, isKeyframe: header.isKeyframe))
        default:
            return .ignored
        }
    }

    /// Some publishers put Annex-B in FLV: a frame that starts with a start code is tried as
    /// Annex-B first when `annexbFirst`, else AVCC first; the other framing is the fallback.
    private mutating func splitNALUs(_ body: UnsafeRawBufferPointer, lengthSize: Int) throws(CodecError) {
        let annexB = AVCAnnexB.startsWithStartCode(body)
        if annexB && annexbFirst, (try? AVCAnnexB.splitAnnexB(body, into: &ranges)) != nil { return }
        do {
            try AVCAnnexB.splitAVCC(body, lengthSize: lengthSize, into: &ranges)
        } catch {
            guard annexB else { throw error }
            try AVCAnnexB.splitAnnexB(body, into: &ranges)
        }
    }

    private mutating func buildAudio(_ bytes: UnsafeRawBufferPointer, timestamp: Int64,
                                     into payload: inout [UInt8]) throws(CodecError) -> Output {
        guard !bytes.isEmpty else { return .ignored }
        let header = try AudioTagHeader(parsing: bytes)
        let body = UnsafeRawBufferPointer(rebasing: bytes[header.size...])
        let dts = timestamp * 90
        switch header.soundFormat {
        case AudioTagHeader.SoundFormat.aac:
            if header.isSequenceHeader {
                let config = try AudioSpecificConfig(parsing: body)
                let raw = Array(body)
                let changed = raw != audioHeaderBody
                audioConfig = config
                audioHeaderBody = raw
                return .sequenceHeader(.aac, changed: changed)
            }
            guard header.aacPacketType == AudioTagHeader.AACPacketType.raw, !body.isEmpty else { return .ignored }
            guard let config = audioConfig else { throw .tsMissingSequenceHeader(track: "audio") }
            try ADTSHeader.append(config: config, payloadLength: body.count, to: &payload)
            payload.append(contentsOf: body)
            return .frame(TSFrame(stream: .aac, dts: dts, pts: dts))
        case AudioTagHeader.SoundFormat.mp3, AudioTagHeader.SoundFormat.mp38k:
            guard !body.isEmpty else { return .ignored }
            sawMP3 = true
            payload.append(contentsOf: body)
            return .frame(TSFrame(stream: .mp3, dts: dts, pts: dts))
        default:
            return .ignored
        }
    }
}
