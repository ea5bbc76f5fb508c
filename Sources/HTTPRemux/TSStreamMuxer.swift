import Codec
import Core

/// HTTP-TS (`http_remux` mount `[vhost]/[app]/[stream].ts`): the same MPEG-TS muxer as HLS,
/// streamed. TS packetisation interleaves headers into the payload, so each player gets its own
/// bytes (one buffer per batch), as in SRS.
final class TSStreamMuxer: StreamMuxer {
    let clientType = "ts-play"
    let contentType = "video/MP2T"
    private var builder = TSFrameBuilder()
    private var writer = TSWriter()
    private var payload: [UInt8] = []
    private var out: [UInt8] = []
    private var started = false

    /// Waits for a real frame so the first PMT declares every track of the stream.
    func readyToStart(_ queued: [MediaPacket]) -> Bool {
        queued.contains { $0.kind != .script && !$0.isSequenceHeader }
    }

    func begin(_ first: [MediaPacket], to sink: StreamSink) {}

    func write(_ packet: MediaPacket, to sink: StreamSink) {
        guard packet.kind != .script else { return }
        let output: TSFrameBuilder.Output
        do {
            output = try builder.build(packet, into: &payload)
        } catch {
            return  // a corrupt frame is skipped; the next keyframe recovers the picture
        }
        switch output {
        case .ignored:
            return
        case .sequenceHeader(let stream, _):
            writer.declare(stream)
        case .frame(let frame):
            if !started || (frame.stream.isVideo && frame.isKeyframe) {
                // PAT/PMT at the start and before every keyframe, so a reader can sync.
                writer.startSegment(streams: builder.knownStreams)
                started = true
            }
            writer.writePES(frame, payload: payload, to: &out)
        }
    }

    /// The batch's TS packets go out as one buffer.
    func endBatch(to sink: StreamSink) {
        guard !out.isEmpty else { return }
        let bytes = SharedBytes(out)
        out.removeAll(keepingCapacity: true)
        sink.writeShared(bytes, offset: 0, count: bytes.count)
    }
}
