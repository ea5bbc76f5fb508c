import Core
import FuzzSupport
import Codec

/// FLV: a whole file (`FLVFileReader`) and a byte stream such as an HTTP-FLV body from an origin
/// (`FLVStreamDemuxer`), then every packet through the TS path HLS takes with publisher media
/// (tag headers, sequence headers, AVCC to Annex-B, ADTS, PES packets).
///
/// Byte 0 chooses how the stream is cut into reads. The demuxer runs twice, whole and in pieces:
/// both must return the same packets, then end or fail alike.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFLV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let pattern = input.first else { return 0 }
    let stream = input.dropFirst()

    _ = try? FLVFileReader.readAll(Array(stream))

    let whole = demux([stream])
    let split = demux(FuzzInput.pieces(stream, pattern: pattern))
    fuzzCheck(whole.failed == split.failed, "whole failed: \(whole.failed), split failed: \(split.failed)")
    fuzzCheck(whole.packets.count == split.packets.count,
              "whole: \(whole.packets.count) packets, split: \(split.packets.count)")
    for (a, b) in zip(whole.packets, split.packets) {
        fuzzCheck(a.kind == b.kind && a.timestamp == b.timestamp && a.payload.hasSameBytes(as: b.payload),
                  "packets differ")
    }

    var builder = TSFrameBuilder()
    var writer = TSWriter()
    var payload: [UInt8] = []
    var out: [UInt8] = []
    for packet in whole.packets {
        _ = MediaPacket.classify(kind: packet.kind, payload: packet.payload)
        guard let output = try? builder.build(packet, into: &payload) else { continue }
        switch output {
        case .frame(let frame):
            if writer.program.isEmpty { writer.startSegment(streams: builder.knownStreams) }
            writer.declare(frame.stream)
            writer.writePES(frame, payload: payload, to: &out)
            fuzzCheck(out.count % 188 == 0, "TS output of \(out.count) bytes is not whole packets")
            out.removeAll(keepingCapacity: true)
        case .sequenceHeader, .ignored:
            break
        }
    }
    return 0
}

private func demux(_ pieces: [ArraySlice<UInt8>]) -> (packets: [MediaPacket], failed: Bool) {
    var demuxer = FLVStreamDemuxer()
    var packets: [MediaPacket] = []
    for piece in pieces + [[]] {
        if piece.isEmpty { demuxer.finish() } else { piece.withUnsafeBytes { demuxer.feed($0) } }
        do {
            while let packet = try demuxer.next() { packets.append(packet) }
        } catch {
            return (packets, true)
        }
    }
    return (packets, false)
}
