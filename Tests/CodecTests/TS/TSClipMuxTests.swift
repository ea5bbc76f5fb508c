import TestSupport
import Codec
import Core
import Testing

/// Whole clips through `TSFrameBuilder` + `TSWriter`, read back with the independent parser.
@Suite struct TSClipMuxTests {
    @Test(arguments: MediaClips.all)
    func everyFrameOfAClipBecomesOnePESWithContinuousCounters(name: String) throws {
        let file = try #require(MediaClips.load(name), "missing clip \(name) in \(MediaClips.directory())")
        let tags = try FLVFileReader.readAll(file).tags
        var builder = TSFrameBuilder()
        var writer = TSWriter()
        var payload: [UInt8] = []
        var out: [UInt8] = []
        var expected: [TSStream: [(dts: Int64, pts: Int64, key: Bool)]] = [:]
        writer.startSegment(streams: [])
        for tag in tags {
            let packet = MediaPacket(kind: tag.kind, timestamp: Int64(tag.timestamp), payload: SharedBytes(tag.body))
            switch try builder.build(packet, into: &payload) {
            case .frame(let frame):
                writer.writePES(frame, payload: payload, to: &out)
                expected[frame.stream, default: []].append((frame.dts, frame.pts, frame.isKeyframe))
            case .sequenceHeader(let stream, _):
                writer.declare(stream)
            case .ignored:
                break
            }
        }
        let packets = try TSTestParser.packets(out)
        #expect(TSTestParser.continuityBreaks(packets).isEmpty)
        for (stream, frames) in expected {
            let pes = try TSTestParser.pes(packets, pid: stream.pid)
            try #require(pes.count == frames.count, "\(stream) PES count")
            for (index, frame) in frames.enumerated() {
                #expect(pes[index].pts == frame.pts)
                #expect(pes[index].dts == (frame.pts == frame.dts ? nil : frame.dts))
                if stream.isVideo {
                    #expect(pes[index].pcrBase == (frame.key ? frame.dts : nil))
                    #expect(Array(pes[index].payload.prefix(6)) == [0, 0, 0, 1, 0x09, 0xF0])
                } else {
                    #expect(pes[index].pcrBase == (expected[.h264] == nil ? frame.dts : nil))
                    #expect(pes[index].payload.prefix(2) == [0xFF, 0xF9])
                    let length = Int(pes[index].payload[3] & 0x03) << 11 | Int(pes[index].payload[4]) << 3
                        | Int(pes[index].payload[5] >> 5)
                    #expect(length == pes[index].payload.count, "ADTS frame_length covers the PES payload")
                }
            }
        }
        #expect(!expected.isEmpty)
    }
}
