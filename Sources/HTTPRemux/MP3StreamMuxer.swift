import Codec
import Core
import IO
import Live

/// HTTP-MP3 (`http_remux` mount `[vhost]/[app]/[stream].mp3`), as SRS 5's SrsMp3StreamEncoder:
/// an ID3v2.3 tag once, then each MP3 audio tag's payload after its 1-byte FLV header, shared
/// (zero-copy). Video and metadata are dropped; `fast_cache` replaces the GOP cache.
final class MP3StreamMuxer: StreamMuxer {
    /// SRS compat: SRS 5 reports every HTTP stream player as `flv-play`.
    let clientType = "flv-play"
    let contentType = "audio/mpeg"
    var replaysGOP: Bool { false }
    private(set) var failure: String?
    private let gate = AudioCodecGate(soundFormat: AudioTagHeader.SoundFormat.mp3, container: "MP3")

    /// SRS's header (SrsMp3Transmuxer::write_header): `ID3`, version 3.0, no flags, a syncsafe
    /// size of 10, then 10 zero bytes (padding where a frame header would be).
    static let id3Tag: [UInt8] = [0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A,
                                  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]

    func start(_ queued: [MediaPacket]) -> MuxerStart { gate.start(queued) }

    func begin(_ first: [MediaPacket], to out: Connection) -> Int {
        out.enqueueCopy(Self.id3Tag)
        return Self.id3Tag.count
    }

    @inline(__always)
    func write(_ packet: MediaPacket, to out: Connection) -> Int {
        guard gate.admits(packet, failure: &failure) else { return 0 }
        let size = packet.payload.count - 1
        guard size > 0 else { return 0 }
        out.enqueueBorrowed(packet.payload, offset: 1, count: size)
        return size
    }

    func endBatch(to out: Connection) -> Int { 0 }
}
