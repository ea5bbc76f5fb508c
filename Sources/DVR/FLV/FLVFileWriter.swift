import Codec
import Core

/// An FLV file (FLV spec v10 §E.2–E.4) as SRS's `SrsDvrFlvSegmenter` writes it: the header,
/// PreviousTagSize0, then every tag with its PreviousTagSize. The first onMetaData gets SRS's
/// `service`, `filesize` and `duration` properties; the last two and the header's audio/video
/// flags are patched at close, when they are known.
public struct FLVFileWriter: DVRMuxer {
    public private(set) var offset: Int64 = 0
    /// Tracks with any tag (the header flags).
    public private(set) var hasAudio = false
    public private(set) var hasVideo = false
    /// An audio or video frame (not a sequence header) was written.
    public private(set) var hasMedia = false
    /// File offsets of the metadata's `filesize` and `duration` number values, once written.
    public private(set) var metadataPatchOffsets: (fileSize: Int64, duration: Int64)?
    private var metadataWritten = false
    /// The `service` property of the metadata (SRS: its server signature).
    public let service: String

    /// Offset of the header's TypeFlags byte.
    static let flagsOffset: Int64 = 4

    public init(service: String = ServerVersion.signature) {
        self.service = service
    }

    public mutating func start(into bytes: inout [UInt8]) {
        // Both flags until close: the tracks are not known when the file opens.
        append(FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize(), to: &bytes)
    }

    public func needsNewFile(for packet: MediaPacket) -> Bool { false }

    public mutating func write(_ packet: MediaPacket, into bytes: inout [UInt8]) throws(DVRError) {
        let timestamp = UInt32(clamping: max(0, packet.timestamp))
        switch packet.kind {
        case .script:
            // SRS compat: only the first metadata of a file is kept.
            guard !metadataWritten else { return }
            metadataWritten = true
            guard let rewritten = FLVMetadata(rewriting: packet.payload, service: service) else {
                appendTag(packet.kind, timestamp, packet.payload.bytes, to: &bytes)
                return
            }
            let bodyStart = offset + Int64(FLVTag.headerSize)
            metadataPatchOffsets = (bodyStart + Int64(rewritten.fileSizeOffset), bodyStart + Int64(rewritten.durationOffset))
            rewritten.body.withUnsafeBytes { appendTag(packet.kind, timestamp, $0, to: &bytes) }
        case .audio:
            hasAudio = true
            if !packet.isSequenceHeader { hasMedia = true }
            appendTag(packet.kind, timestamp, packet.payload.bytes, to: &bytes)
        case .video:
            hasVideo = true
            if !packet.isSequenceHeader { hasMedia = true }
            appendTag(packet.kind, timestamp, packet.payload.bytes, to: &bytes)
        }
    }

    public mutating func finish(durationMillis: Int64, into bytes: inout [UInt8]) -> [DVRPatch] {
        var patches: [DVRPatch] = []
        if hasAudio || hasVideo {
            patches.append(DVRPatch(offset: Self.flagsOffset, bytes: [FLVHeader(hasAudio: hasAudio, hasVideo: hasVideo).flags]))
        }
        if let (fileSize, duration) = metadataPatchOffsets {
            patches.append(DVRPatch(offset: fileSize, bytes: Self.number(Double(offset))))
            patches.append(DVRPatch(offset: duration, bytes: Self.number(Double(durationMillis) / 1000)))
        }
        return patches
    }

    private mutating func appendTag(_ kind: MediaPacket.Kind, _ timestamp: UInt32, _ body: UnsafeRawBufferPointer,
                                     to bytes: inout [UInt8]) {
        let start = bytes.count
        FLVTag.appendHeader(kind: kind, timestamp: timestamp, dataSize: body.count, to: &bytes)
        bytes.append(contentsOf: body)
        FLVTag.appendPreviousTagSize(dataSize: body.count, to: &bytes)
        offset += Int64(bytes.count - start)
    }

    private mutating func append(_ chunk: [UInt8], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: chunk)
        offset += Int64(chunk.count)
    }

    /// An AMF0 number's 8 value bytes (big-endian IEEE 754).
    static func number(_ value: Double) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendUInt64(value.bitPattern)
        return bytes
    }
}
