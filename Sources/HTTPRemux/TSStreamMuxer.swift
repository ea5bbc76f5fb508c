import Codec
import Core
import IO

/// HTTP-TS (`http_remux` mount `[vhost]/[app]/[stream].ts`): the same MPEG-TS muxer as HLS,
/// streamed. TS packetisation interleaves headers into the payload, so each player gets its own
/// bytes (one buffer per batch), as in SRS.
final class TSStreamMuxer: StreamMuxer {
    let clientType = "ts-play"
    let contentType = "video/MP2T"
    private var builder: TSFrameBuilder
    private var writer = TSWriter()
    private var payload: [UInt8] = []
    private var buffer: [UInt8] = []
    private var started = false

    init(annexbFirst: Bool = true) {
        builder = TSFrameBuilder(annexbFirst: annexbFirst)
    }

    /// Waits for a real frame so the first PMT declares every track of the stream.
    func start(_ queued: [MediaPacket]) -> MuxerStart {
        queued.contains { $0.kind != .script && !$0.isSequenceHeader } ? .start : .wait
    }

    func begin(_ first: [MediaPacket], to out: Connection) -> Int { 0 }

    func write(_ packet: MediaPacket, to out: Connection) -> Int {
        guard packet.kind != .script else { return 0 }
        let output: TSFrameBuilder.Output
        do {
            output = try builder.build(packet, into: &payload)
        } catch {
            return 0  // a corrupt frame is skipped; the next keyframe recovers the picture
        }
        switch output {
        case .ignored:
            return 0
        case .sequenceHeader(let stream, _):
            writer.declare(stream)
        case .frame(let frame):
            if !started || (frame.stream.isVideo && frame.isKeyframe) {
                // PAT/PMT at the start and before every keyframe, so a reader can sync.
                writer.startSegment(streams: builder.knownStreams)
                started = true
            }
            writer.writePES(frame, payload: payload, to: &buffer)
        }
        return 0
    }

    /// The batch's TS packets go out as one buffer.
    func endBatch(to out: Connection) -> Int {
        guard !buffer.isEmpty else { return 0 }
        let bytes = SharedBytes(buffer)
        buffer.removeAll(keepingCapacity: true)
        out.enqueue(bytes, offset: 0, count: bytes.count)
        return bytes.count
    }
}
