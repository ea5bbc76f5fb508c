import Codec
import Core
@testable import HTTPRemux
import Testing

/// One ADTS frame read back field by field (ISO 13818-7 §6.2.1).
struct ADTSFrame: Equatable {
    var id: Int, layer: Int, protectionAbsent: Int, profile: Int, samplingIndex: Int, channels: Int
    var fullness: Int, rawBlocks: Int
    var payload: [UInt8]

    /// Splits an ADTS stream; nil when a frame does not start with the syncword or is cut.
    static func split(_ bytes: [UInt8]) -> [ADTSFrame]? {
        var frames: [ADTSFrame] = [], at = 0
        while at < bytes.count {
            guard bytes.count - at >= 7, bytes[at] == 0xFF, bytes[at + 1] & 0xF0 == 0xF0 else { return nil }
            var value: UInt64 = 0
            for byte in bytes[at..<(at + 7)] { value = value << 8 | UInt64(byte) }
            func field(_ offset: Int, _ width: Int) -> Int { Int(value >> UInt64(56 - offset - width) & (1 << UInt64(width) - 1)) }
            let length = field(30, 13)
            guard length >= 7, at + length <= bytes.count else { return nil }
            frames.append(ADTSFrame(id: field(12, 1), layer: field(13, 2), protectionAbsent: field(15, 1), profile: field(16, 2),
                                    samplingIndex: field(18, 4), channels: field(23, 3), fullness: field(43, 11),
                                    rawBlocks: field(54, 2), payload: Array(bytes[(at + 7)..<(at + length)])))
            at += length
        }
        return frames
    }
}

@Suite struct AACStreamMuxerTests {
    private func run(_ muxer: AACStreamMuxer, _ packets: [MediaPacket]) throws -> (bytes: [UInt8], written: Int) {
        let output = try MuxerOutput()
        var written = muxer.begin(packets, to: output.connection)
        for packet in packets { written += output.write(packet, with: muxer) }
        written += muxer.endBatch(to: output.connection)
        return (try output.take(), written)
    }

    @Test func describesItselfAsSRS5Does() {
        let muxer = AACStreamMuxer()
        #expect(muxer.contentType == "audio/x-aac")
        #expect(muxer.clientType == "flv-play")
        #expect(!muxer.replaysGOP)
    }

    @Test func everyRawFrameBecomesOneADTSFrameWithTheSequenceHeadersFields() throws {
        let bodies = [AudioPackets.body(1, count: 371), AudioPackets.body(2, count: 2048), AudioPackets.body(3, count: 1)]
        let packets = [AudioPackets.metadata(), AudioPackets.aacSequenceHeader()]
            + bodies.enumerated().map { AudioPackets.aacFrame($1, at: Int64($0) * 23) }
        let muxer = AACStreamMuxer()
        let (bytes, written) = try run(muxer, packets)
        #expect(written == bytes.count)
        let frames = try #require(ADTSFrame.split(bytes))
        #expect(frames.map(\.payload) == bodies)
        for frame in frames {
            // ASC 12 10: object type 2 (LC → profile 1), index 4 (44100), 2 channels.
            #expect(frame == ADTSFrame(id: 1, layer: 0, protectionAbsent: 1, profile: 1, samplingIndex: 4, channels: 2,
                                       fullness: 0x7FF, rawBlocks: 0, payload: frame.payload))
        }
        #expect(muxer.header?.config == AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 2))
    }

    @Test func theHeaderIsCopiedAndThePayloadShared() throws {
        let output = try MuxerOutput(), muxer = AACStreamMuxer()
        _ = output.write(AudioPackets.aacSequenceHeader(), with: muxer)
        let before = output.connection.queuedSlices
        #expect(output.write(AudioPackets.aacFrame(AudioPackets.body(4, count: 600), at: 0), with: muxer) == 607)
        #expect(output.connection.queuedSlices <= before + 2, "a 7-byte header slice and the shared payload")
    }

    @Test func aNewSequenceHeaderChangesTheFollowingFrames() throws {
        let packets = [AudioPackets.aacSequenceHeader(), AudioPackets.aacFrame([1, 1], at: 0),
                       AudioPackets.aacSequenceHeader(AudioPackets.lcMono48000, at: 23), AudioPackets.aacFrame([2, 2], at: 23)]
        let frames = try #require(ADTSFrame.split(try run(AACStreamMuxer(), packets).bytes))
        #expect(frames.map { [$0.samplingIndex, $0.channels] } == [[4, 2], [3, 1]])
    }

    @Test func framesBeforeAnySequenceHeaderAreSkipped() throws {
        let muxer = AACStreamMuxer()
        let packets = [AudioPackets.aacFrame([9, 9, 9], at: 0), AudioPackets.aacSequenceHeader(at: 10), AudioPackets.aacFrame([1], at: 23)]
        let frames = try #require(ADTSFrame.split(try run(muxer, packets).bytes))
        #expect(frames.map(\.payload) == [[1]])
        #expect(muxer.skippedFrames == 1)
        #expect(muxer.failure == nil)
    }

    @Test func aFrameTooLongForADTSIsSkipped() throws {
        let muxer = AACStreamMuxer()
        let packets = [AudioPackets.aacSequenceHeader(), AudioPackets.aacFrame(AudioPackets.body(5, count: ADTSHeader.maxPayloadLength + 1), at: 0),
                       AudioPackets.aacFrame(AudioPackets.body(6, count: ADTSHeader.maxPayloadLength), at: 23)]
        let frames = try #require(ADTSFrame.split(try run(muxer, packets).bytes))
        #expect(frames.map(\.payload.count) == [ADTSHeader.maxPayloadLength])
        #expect(muxer.skippedFrames == 1)
    }

    @Test func videoMetadataAndEmptyTagsAreDropped() throws {
        let packets = [AudioPackets.metadata(), AudioPackets.videoSequenceHeader(), AudioPackets.aacSequenceHeader(),
                       AudioPackets.videoKeyframe(at: 0), MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0xAF, 0x01])),
                       AudioPackets.aacFrame([7], at: 0), AudioPackets.videoKeyframe(at: 40)]
        let frames = try #require(ADTSFrame.split(try run(AACStreamMuxer(), packets).bytes))
        #expect(frames.map(\.payload) == [[7]])
    }

    @Test func startsOnTheFirstRawFrameNotOnTheSequenceHeader() {
        let muxer = AACStreamMuxer()
        #expect(muxer.start([AudioPackets.metadata(), AudioPackets.aacSequenceHeader(), AudioPackets.videoKeyframe(at: 0)]) == .wait)
        #expect(muxer.start([AudioPackets.aacSequenceHeader(), AudioPackets.aacFrame([1], at: 0)]) == .start)
    }

    @Test func anMP3StreamIsRefusedBeforeTheHead() {
        let decision = AACStreamMuxer().start([AudioPackets.metadata(), AudioPackets.videoKeyframe(at: 0), AudioPackets.mp3Frame([1], at: 0)])
        #expect(decision == .refuse(reason: "the stream's audio is MP3, the mount carries AAC"))
    }

    @Test func aSequenceHeaderWithoutADTSFieldsIsRefused() {
        // Object type 2, index 13 (reserved): no sample rate.
        let reserved = AACStreamMuxer().start([AudioPackets.aacSequenceHeader([0x16, 0x90]), AudioPackets.aacFrame([1], at: 0)])
        guard case .refuse(let reason) = reserved else {
            Issue.record("expected a refusal, got \(reserved)")
            return
        }
        #expect(reason.contains("13"), "\(reason)")
        #expect(AACStreamMuxer().start([AudioPackets.aacSequenceHeader([0x12]), AudioPackets.aacFrame([1], at: 0)]) != .start,
                "a truncated AudioSpecificConfig")
    }

    @Test func anotherCodecAfterTheStartFailsTheStream() throws {
        let muxer = AACStreamMuxer()
        let (bytes, _) = try run(muxer, [AudioPackets.aacSequenceHeader(), AudioPackets.aacFrame([1], at: 0),
                                         AudioPackets.mp3Frame([2], at: 23), AudioPackets.aacFrame([3], at: 46)])
        #expect(ADTSFrame.split(bytes)?.map(\.payload) == [[1]])
        #expect(muxer.failure == "the stream's audio is MP3, the mount carries AAC")
    }
}
