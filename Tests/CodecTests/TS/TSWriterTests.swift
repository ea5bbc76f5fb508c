import Codec
import Testing

@Suite struct TSWriterTests {
    private func payload(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    @Test func aSegmentStartsWithPATThenPMTWithValidCRCs() throws {
        var writer = TSWriter()
        writer.startSegment(streams: [.h264, .aac])
        var out: [UInt8] = []
        writer.writePES(TSFrame(stream: .h264, dts: 0, pts: 0, isKeyframe: true), payload: payload(10), to: &out)
        let packets = try TSTestParser.packets(out)
        #expect(packets.count == 3)
        #expect(packets[0].pid == 0 && packets[1].pid == 0x1001 && packets[2].pid == 0x100)
        for packet in packets.prefix(2) {
            let section = try TSTestParser.section(packet)
            #expect(TSTestParser.crc32(section) == 0, "CRC of pid \(packet.pid)")
            #expect(packet.payload.dropFirst(1 + section.count).allSatisfy { $0 == 0xFF })
        }
    }

    @Test(arguments: [0, 1, 2, 100, 165, 166, 167, 168, 183, 184, 185, 350, 351, 352, 10_000, 70_000])
    func pesRoundTripsWithStuffingInTheLastPacketOnly(size: Int) throws {
        for keyframe in [false, true] {
            var writer = TSWriter()
            writer.startSegment(streams: [.h264])
            var out: [UInt8] = []
            let data = payload(size)
            let frame = TSFrame(stream: .h264, dts: 900_000, pts: 903_000, isKeyframe: keyframe)
            writer.writePES(frame, payload: data, to: &out)
            let packets = try TSTestParser.packets(out)
            let video = packets.filter { $0.pid == 0x100 }
            let pes = try TSTestParser.pes(packets, pid: 0x100)
            try #require(pes.count == 1)
            #expect(pes[0].payload == data)
            #expect(pes[0].streamID == 0xE0)
            #expect(pes[0].pts == 903_000 && pes[0].dts == 900_000)
            #expect(pes[0].ptsDtsFlags == 0x03 && pes[0].headerDataLength == 10)
            #expect(pes[0].packetLength == (size + 13 > 0xFFFF ? 0 : size + 13))
            #expect(pes[0].pcrBase == (keyframe ? 900_000 : nil))
            // Only the last packet may carry stuffing; a PCR-only adaptation field is 7 bytes.
            for packet in video.dropLast() {
                #expect(packet.adaptationLength == nil || packet.adaptationLength == 7)
            }
            #expect(TSTestParser.continuityBreaks(packets).isEmpty)
        }
    }

    @Test func ptsOnlyWhenPresentationEqualsDecodingTime() throws {
        var writer = TSWriter()
        writer.startSegment(streams: [.aac])
        var out: [UInt8] = []
        writer.writePES(TSFrame(stream: .aac, dts: 12_345, pts: 12_345), payload: payload(50), to: &out)
        let pes = try TSTestParser.pes(try TSTestParser.packets(out), pid: 0x101)
        #expect(pes.first?.ptsDtsFlags == 0x02)
        #expect(pes.first?.headerDataLength == 5)
        #expect(pes.first?.pts == 12_345 && pes.first?.dts == nil)
        #expect(pes.first?.streamID == 0xC0)
        #expect(pes.first?.packetLength == 50 + 8)
    }

    @Test func timestampsWrapAt33Bits() throws {
        var writer = TSWriter()
        writer.startSegment(streams: [.h264])
        var out: [UInt8] = []
        let big: Int64 = (1 << 33) + 77
        writer.writePES(TSFrame(stream: .h264, dts: big, pts: big + 3000, isKeyframe: true), payload: payload(5), to: &out)
        let pes = try TSTestParser.pes(try TSTestParser.packets(out), pid: 0x100)
        #expect(pes.first?.dts == 77 && pes.first?.pts == 3077 && pes.first?.pcrBase == 77)
    }

    @Test func pcrGoesOnKeyframesWithVideoAndOnEveryAudioPESWithout() throws {
        var writer = TSWriter()
        writer.startSegment(streams: [.h264, .aac])
        var out: [UInt8] = []
        writer.writePES(TSFrame(stream: .h264, dts: 0, pts: 0, isKeyframe: true), payload: payload(300), to: &out)
        writer.writePES(TSFrame(stream: .aac, dts: 10, pts: 10), payload: payload(300), to: &out)
        writer.writePES(TSFrame(stream: .h264, dts: 3000, pts: 3000), payload: payload(300), to: &out)
        var packets = try TSTestParser.packets(out)
        #expect(try TSTestParser.pes(packets, pid: 0x100).map(\.pcrBase) == [0, nil])
        #expect(try TSTestParser.pes(packets, pid: 0x101).map(\.pcrBase) == [nil])

        var audioOnly = TSWriter()
        audioOnly.startSegment(streams: [.aac])
        out = []
        for index in 0..<3 {
            audioOnly.writePES(TSFrame(stream: .aac, dts: Int64(index) * 1920, pts: Int64(index) * 1920),
                               payload: payload(200), to: &out)
        }
        packets = try TSTestParser.packets(out)
        #expect(try TSTestParser.pes(packets, pid: 0x101).map(\.pcrBase) == [0, 1920, 3840])
    }

    @Test func continuityCountersContinueAcrossSegmentsPerPID() throws {
        var writer = TSWriter()
        var all: [UInt8] = []
        for segment in 0..<5 {
            writer.startSegment(streams: [.h264, .aac])
            var out: [UInt8] = []
            for frame in 0..<7 {
                let dts = Int64(segment * 7 + frame) * 3000
                writer.writePES(TSFrame(stream: .h264, dts: dts, pts: dts, isKeyframe: frame == 0),
                                payload: payload(500 + frame * 77), to: &out)
                writer.writePES(TSFrame(stream: .aac, dts: dts, pts: dts), payload: payload(120), to: &out)
            }
            let packets = try TSTestParser.packets(out)
            #expect(packets[0].pid == 0 && packets[1].pid == 0x1001, "segment \(segment) starts with PAT/PMT")
            all += out
        }
        #expect(TSTestParser.continuityBreaks(try TSTestParser.packets(all)).isEmpty)
        #expect(writer.nextContinuityCounter(pid: 0) == 5)
    }

    @Test func aStreamAppearingMidSegmentRewritesThePMTWithANewVersion() throws {
        var writer = TSWriter()
        writer.startSegment(streams: [.aac])
        var out: [UInt8] = []
        writer.writePES(TSFrame(stream: .aac, dts: 0, pts: 0), payload: payload(20), to: &out)
        writer.writePES(TSFrame(stream: .h264, dts: 0, pts: 0, isKeyframe: true), payload: payload(20), to: &out)
        let packets = try TSTestParser.packets(out)
        let pmts = try packets.filter { $0.pid == 0x1001 }.map(TSTestParser.section)
        try #require(pmts.count == 2)
        #expect(pmts[0][5] >> 1 & 0x1F == 0)
        #expect(pmts[1][5] >> 1 & 0x1F == 1)
        #expect(pmts[1][8] & 0x1F == 0x01 && pmts[1][9] == 0x00, "PCR moves to the video PID")
        #expect(pmts.allSatisfy { TSTestParser.crc32($0) == 0 })
    }
}
