import TestSupport
import Codec
import Core
import Testing

@Suite struct TSFrameBuilderTests {
    typealias F = TSPacketFactory

    @Test func videoFramesBecomeAnnexBWithTimestampsAt90kHz() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        #expect(try builder.build(F.videoSequenceHeader(), into: &payload) == .sequenceHeader(.h264, changed: true))
        let output = try builder.build(F.video(1000, keyframe: true, cts: 40, nalus: [AVCAnnexBTests.idr]), into: &payload)
        #expect(output == .frame(TSFrame(stream: .h264, dts: 90_000, pts: 93_600, isKeyframe: true)))
        #expect(payload == AVCAnnexBTests.insertedAUD + [0, 0, 0, 1] + AVCAnnexBTests.sps + [0, 0, 0, 1]
            + AVCAnnexBTests.pps + [0, 0, 1] + AVCAnnexBTests.idr)
    }

    @Test func negativeCompositionTimesGivePTSBeforeDTS() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        _ = try builder.build(F.videoSequenceHeader(), into: &payload)
        let output = try builder.build(F.video(1000, keyframe: false, cts: -20, nalus: [AVCAnnexBTests.slice]), into: &payload)
        #expect(output == .frame(TSFrame(stream: .h264, dts: 90_000, pts: 88_200, isKeyframe: false)))
    }

    @Test func aacFramesGetAnADTSHeaderFromTheAudioSpecificConfig() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        #expect(try builder.build(F.audioSequenceHeader(), into: &payload) == .sequenceHeader(.aac, changed: true))
        let raw: [UInt8] = Array(repeating: 0x21, count: 300)
        #expect(try builder.build(F.aac(2000, raw), into: &payload) == .frame(TSFrame(stream: .aac, dts: 180_000, pts: 180_000)))
        // ff f9: MPEG-2 ID, no CRC; LC (1), 44.1 kHz (4), 2 channels; frame_length 307; fullness 0x7ff.
        let length = 307
        #expect(Array(payload.prefix(7)) == [0xFF, 0xF9, 0x50, 0x80 | UInt8(length >> 11), UInt8(length >> 3 & 0xFF),
                                             UInt8(length & 0x07) << 5 | 0x1F, 0xFC])
        #expect(Array(payload.dropFirst(7)) == raw)
    }

    @Test func mp3FramesPassThrough() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        #expect(try builder.build(F.mp3(40, [0xFF, 0xFB, 0x90, 0x00]), into: &payload) == .frame(TSFrame(stream: .mp3, dts: 3600, pts: 3600)))
        #expect(payload == [0xFF, 0xFB, 0x90, 0x00])
        #expect(builder.knownStreams == [.mp3])
    }

    @Test func repeatedIdenticalSequenceHeadersAreNotChanges() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        _ = try builder.build(F.videoSequenceHeader(), into: &payload)
        #expect(try builder.build(F.videoSequenceHeader(), into: &payload) == .sequenceHeader(.h264, changed: false))
        var other = F.avcC
        other.levelIndication = 0x28
        #expect(try builder.build(F.videoSequenceHeader(other), into: &payload) == .sequenceHeader(.h264, changed: true))
        _ = try builder.build(F.audioSequenceHeader(), into: &payload)
        #expect(try builder.build(F.audioSequenceHeader([0x11, 0x90]), into: &payload) == .sequenceHeader(.aac, changed: true))
        #expect(builder.knownStreams == [.h264, .aac])
    }

    @Test func framesBeforeTheirSequenceHeaderAreRejected() {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        #expect(throws: CodecError.tsMissingSequenceHeader(track: "video")) {
            try builder.build(F.video(0, keyframe: true, nalus: [AVCAnnexBTests.idr]), into: &payload)
        }
        #expect(throws: CodecError.tsMissingSequenceHeader(track: "audio")) {
            try builder.build(F.aac(0, [1, 2, 3]), into: &payload)
        }
    }

    @Test(arguments: [
        (MediaPacket.Kind.script, [UInt8]([2, 0, 10])),
        (.video, []),
        (.video, [0x12, 0, 0, 0]),  // H.263
        (.video, [0x17, 2, 0, 0, 0]),  // AVC end of sequence
        (.video, [0x57, 1, 0, 0, 0]),  // video info frame
        (.audio, [0x6F, 1, 2]),  // Nellymoser
        (.audio, [0xAF, 1]),  // empty AAC frame
    ])
    func ignoresWhatHLSDoesNotCarry(kind: MediaPacket.Kind, body: [UInt8]) throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        _ = try builder.build(F.videoSequenceHeader(), into: &payload)
        _ = try builder.build(F.audioSequenceHeader(), into: &payload)
        let packet = MediaPacket(kind: kind, timestamp: 0, payload: SharedBytes(body))
        #expect(try builder.build(packet, into: &payload) == .ignored)
    }

    @Test func corruptInputThrowsAndKeepsTheStoredHeaders() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        _ = try builder.build(F.videoSequenceHeader(), into: &payload)
        let bad = MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes([0x17, 1, 0, 0, 0, 0, 0, 0, 200, 0x65]))
        #expect(throws: CodecError.avcNALULengthPastEnd(offset: 0, length: 200, available: 1)) {
            try builder.build(bad, into: &payload)
        }
        let badHeader = MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes([0x17, 0, 0, 0, 0, 1, 0x42]))
        #expect(throws: CodecError.self) { try builder.build(badHeader, into: &payload) }
        #expect(builder.avcConfig == F.avcC)
        #expect(try builder.build(F.video(0, keyframe: false, nalus: [AVCAnnexBTests.slice]), into: &payload) != .ignored)
    }

    @Test func annexBInsideFLVIsAccepted() throws {
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        _ = try builder.build(F.videoSequenceHeader(), into: &payload)
        let body: [UInt8] = [0x27, 1, 0, 0, 0] + [0, 0, 1] + AVCAnnexBTests.slice + [0, 0, 1] + AVCAnnexBTests.slice
        _ = try builder.build(MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes(body)), into: &payload)
        #expect(payload == AVCAnnexBTests.insertedAUD + [0, 0, 1] + AVCAnnexBTests.slice + [0, 0, 1] + AVCAnnexBTests.slice)
    }

    /// `try_annexb_first`: an AVCC frame whose first NALU is one byte long starts with
    /// 00 00 00 01 and also parses as Annex-B; the setting decides which reading wins.
    @Test func tryAnnexBFirstDecidesAmbiguousFrames() throws {
        let body: [UInt8] = [0x27, 1, 0, 0, 0] + [0, 0, 0, 1, 0x0C] + [0, 0, 0, 3] + AVCAnnexBTests.slice
        func build(annexbFirst: Bool) throws -> [UInt8] {
            var builder = TSFrameBuilder(annexbFirst: annexbFirst)
            var payload: [UInt8] = []
            _ = try builder.build(F.videoSequenceHeader(), into: &payload)
            _ = try builder.build(MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes(body)), into: &payload)
            return payload
        }
        let avccFirst = try build(annexbFirst: false)
        let annexBFirst = try build(annexbFirst: true)
        #expect(Array(avccFirst.suffix(AVCAnnexBTests.slice.count + 3)) == [0, 0, 1] + AVCAnnexBTests.slice)
        #expect(Array(annexBFirst.suffix(AVCAnnexBTests.slice.count + 4)) == [0, 0, 0, 3] + AVCAnnexBTests.slice)
    }

    @Test func randomPacketsNeverCrashTheBuilder() {
        var random = SplitMix64(seed: 42)
        var builder = TSFrameBuilder()
        var payload: [UInt8] = []
        _ = try? builder.build(F.videoSequenceHeader(), into: &payload)
        _ = try? builder.build(F.audioSequenceHeader(), into: &payload)
        for index in 0..<3000 {
            var bytes = random.bytes(Int.random(in: 0..<48, using: &random))
            if bytes.count > 1 && index % 2 == 0 { bytes[0] = index % 4 == 0 ? 0x17 : 0xAF; bytes[1] = 1 }
            let kind: MediaPacket.Kind = index % 3 == 0 ? .audio : .video
            _ = try? builder.build(MediaPacket(kind: kind, timestamp: Int64(index), payload: SharedBytes(bytes)), into: &payload)
        }
    }
}
