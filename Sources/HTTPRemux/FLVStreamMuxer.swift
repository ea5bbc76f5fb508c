import Codec
import Core
import IO
import Live

/// HTTP-FLV: FLV header with guessed or configured A/V flags, then one tag per packet — an
/// 11-byte header and a 4-byte trailer around the shared payload (srs-facts §7).
final class FLVStreamMuxer: StreamMuxer {
    let clientType = "flv-play"
    let contentType = "video/x-flv"
    var requestFormat: StreamRequest.Format { .flv }
    /// The four `http_remux` switches the header needs (not a copy of the vhost's settings per player).
    private let hasAudio: Bool
    private let hasVideo: Bool
    private let guessHasAV: Bool
    private let dropIfNotMatch: Bool
    private var pendingTrailer: UInt32?
    private var dropAudio = false
    private var dropVideo = false

    init(settings: RemuxSettings) {
        hasAudio = settings.hasAudio
        hasVideo = settings.hasVideo
        guessHasAV = settings.guessHasAV
        dropIfNotMatch = settings.dropIfNotMatch
    }

    /// With guess_has_av, wait for a real audio or video frame so the flags are right even when
    /// the player arrived before the publisher (metadata and sequence headers come first).
    func start(_ queued: [MediaPacket]) -> MuxerStart {
        guard guessHasAV else { return .start }
        return queued.contains { $0.kind != .script && !$0.isSequenceHeader } ? .start : .wait
    }

    func begin(_ first: [MediaPacket], to out: Connection) -> Int {
        let flags: FLVHeader
        if guessHasAV {
            flags = FLVHeader(hasAudio: first.contains { $0.kind == .audio }, hasVideo: first.contains { $0.kind == .video })
        } else {
            flags = FLVHeader(hasAudio: hasAudio, hasVideo: hasVideo)
        }
        dropAudio = dropIfNotMatch && !flags.hasAudio
        dropVideo = dropIfNotMatch && !flags.hasVideo
        let bytes = flags.encodedWithFirstPreviousTagSize()
        out.enqueueCopy(bytes)
        return bytes.count
    }

    /// Each tag's 4-byte PreviousTagSize is written together with the next tag's header (one
    /// copy per packet, like an RTMP chunk header); the last one closes the batch.
    @inline(__always)
    func write(_ packet: MediaPacket, to out: Connection) -> Int {
        if packet.kind == .audio && dropAudio { return 0 }
        if packet.kind == .video && dropVideo { return 0 }
        let size = packet.payload.count
        let timestamp = UInt32(truncatingIfNeeded: max(0, packet.timestamp))
        let kind = packet.kind.rawValue
        let trailer = pendingTrailer
        out.enqueueWriting(capacity: FLVTag.previousTagSizeLength + FLVTag.headerSize) { pointer in
            var offset = 0
            if let trailer {
                FLVStreamMuxer.writeUInt32(trailer, into: pointer)
                offset = 4
            }
            return offset + FLVStreamMuxer.writeTagHeader(kind: kind, size: size, timestamp: timestamp, into: pointer + offset)
        }
        if size > 0 { out.enqueueBorrowed(packet.payload, offset: 0, count: size) }
        pendingTrailer = UInt32(size + FLVTag.headerSize)
        return (trailer == nil ? 0 : FLVTag.previousTagSizeLength) + FLVTag.headerSize + size
    }

    func endBatch(to out: Connection) -> Int {
        guard let trailer = pendingTrailer else { return 0 }
        pendingTrailer = nil
        out.enqueueWriting(capacity: FLVTag.previousTagSizeLength) { pointer in
            FLVStreamMuxer.writeUInt32(trailer, into: pointer)
            return 4
        }
        return FLVTag.previousTagSizeLength
    }

    /// FLV spec E.4.1: type, 24-bit size, 24-bit timestamp + extended byte, 24-bit stream id 0.
    @inline(__always)
    static func writeTagHeader(kind: UInt8, size: Int, timestamp: UInt32, into p: UnsafeMutableRawPointer) -> Int {
        p.storeBytes(of: kind, toByteOffset: 0, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: size >> 16), toByteOffset: 1, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: size >> 8), toByteOffset: 2, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: size), toByteOffset: 3, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: timestamp >> 16), toByteOffset: 4, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: timestamp >> 8), toByteOffset: 5, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: timestamp), toByteOffset: 6, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: timestamp >> 24), toByteOffset: 7, as: UInt8.self)
        p.storeBytes(of: UInt8(0), toByteOffset: 8, as: UInt8.self)
        p.storeBytes(of: UInt8(0), toByteOffset: 9, as: UInt8.self)
        p.storeBytes(of: UInt8(0), toByteOffset: 10, as: UInt8.self)
        return 11
    }

    @inline(__always)
    static func writeUInt32(_ value: UInt32, into p: UnsafeMutableRawPointer) {
        p.storeBytes(of: value.bigEndian, as: UInt32.self)
    }
}
