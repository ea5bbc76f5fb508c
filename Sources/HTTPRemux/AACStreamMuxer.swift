import Codec
import Core
import IO
import Live

/// HTTP-AAC (`http_remux` mount `[vhost]/[app]/[stream].aac`), as SRS 5's SrsAacStreamEncoder:
/// an ADTS stream. The sequence header's AudioSpecificConfig gives the ADTS fields; each raw
/// frame goes out as a 7-byte header (copied) and its payload after the 2-byte FLV AAC header
/// (shared, zero-copy). Video and metadata are dropped; `fast_cache` replaces the GOP cache.
final class AACStreamMuxer: StreamMuxer {
    /// SRS compat: SRS 5 reports every HTTP stream player as `flv-play`.
    let clientType = "flv-play"
    let contentType = "audio/x-aac"
    var replaysGOP: Bool { false }
    private(set) var failure: String?
    /// The ADTS header of the latest sequence header; nil until one arrived.
    private(set) var header: ADTSFrameHeader?
    /// Raw frames that could not be framed (none before a sequence header, or over 8 KiB).
    private(set) var skippedFrames = 0
    private let gate = AudioCodecGate(soundFormat: AudioTagHeader.SoundFormat.aac, container: "AAC")
    /// FLV AAC header: SoundFormat byte and AACPacketType.
    private static let tagHeaderSize = 2

    /// As the gate, and a sequence header that gives no ADTS header refuses the player too.
    func start(_ queued: [MediaPacket]) -> MuxerStart {
        let decision = gate.start(queued)
        guard decision == .start else { return decision }
        for packet in queued where packet.kind == .audio && packet.isSequenceHeader {
            if case .failure(let error) = Self.frameHeader(packet) { return .refuse(reason: error.description) }
        }
        return .start
    }

    func begin(_ first: [MediaPacket], to out: Connection) -> Int { 0 }

    @inline(__always)
    func write(_ packet: MediaPacket, to out: Connection) -> Int {
        guard gate.admits(packet, failure: &failure) else { return 0 }
        guard packet.payload.count > Self.tagHeaderSize else { return 0 }
        if packet.isSequenceHeader {
            switch Self.frameHeader(packet) {
            case .success(let header): self.header = header
            case .failure(let error): failure = error.description
            }
            return 0
        }
        let length = packet.payload.count - Self.tagHeaderSize
        guard let header, ADTSFrameHeader.fits(payloadLength: length) else {
            skippedFrames += 1
            return 0
        }
        out.enqueueWriting(capacity: ADTSHeader.size) { pointer in
            header.write(payloadLength: length, into: pointer)
            return ADTSHeader.size
        }
        out.enqueueBorrowed(packet.payload, offset: Self.tagHeaderSize, count: length)
        return ADTSHeader.size + length
    }

    func endBatch(to out: Connection) -> Int { 0 }

    /// The ADTS header of a sequence header's AudioSpecificConfig.
    static func frameHeader(_ packet: MediaPacket) -> Result<ADTSFrameHeader, CodecError> {
        do throws(CodecError) {
            let config = try AudioSpecificConfig(parsing: packet.payload.bytes[tagHeaderSize...])
            return .success(try ADTSFrameHeader(config: config))
        } catch {
            return .failure(error)
        }
    }
}
