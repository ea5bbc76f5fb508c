import Codec
import Core
@testable import HTTPRemux
import Testing

@Suite struct MP3StreamMuxerTests {
    @Test func describesItselfAsSRS5Does() {
        let muxer = MP3StreamMuxer()
        #expect(muxer.contentType == "audio/mpeg")
        #expect(muxer.clientType == "flv-play")
        #expect(!muxer.replaysGOP)
    }

    @Test func writesSRSsID3TagThenEachMP3FrameWithoutItsFLVByte() throws {
        let output = try MuxerOutput(), muxer = MP3StreamMuxer()
        let frames = [AudioPackets.body(1, count: 417), AudioPackets.body(2, count: 418), AudioPackets.body(3, count: 1)]
        let packets = frames.enumerated().map { AudioPackets.mp3Frame($1, at: Int64($0) * 26) }
        var written = muxer.begin(packets, to: output.connection)
        for packet in packets { written += output.write(packet, with: muxer) }
        written += muxer.endBatch(to: output.connection)
        let bytes = try output.take()
        #expect(Array(bytes.prefix(10)) == [0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A], "ID3v2.3, size 10")
        #expect(bytes.count == 20 + 417 + 418 + 1)
        #expect(Array(bytes.dropFirst(20)) == frames.flatMap { $0 })
        #expect(written == bytes.count)
        #expect(muxer.failure == nil)
    }

    @Test func theFramePayloadIsSharedNotCopied() throws {
        let output = try MuxerOutput(), muxer = MP3StreamMuxer()
        let before = output.connection.queuedSlices
        _ = output.write(AudioPackets.mp3Frame(AudioPackets.body(9, count: 4000), at: 0), with: muxer)
        #expect(output.connection.queuedSlices == before + 1, "one slice of the shared payload, no framing copy")
    }

    @Test func videoMetadataAndEmptyTagsAreDropped() throws {
        let output = try MuxerOutput(), muxer = MP3StreamMuxer()
        let packets = [AudioPackets.metadata(), AudioPackets.videoSequenceHeader(), AudioPackets.videoKeyframe(at: 0),
                       MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([])),
                       MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0x2F]))]
        let written = packets.reduce(0) { $0 + output.write($1, with: muxer) }
        #expect(written == 0)
        #expect(try output.take().isEmpty)
        #expect(muxer.failure == nil)
    }

    @Test func waitsForAnMP3FrameBeforeStarting() {
        let muxer = MP3StreamMuxer()
        #expect(muxer.start([]) == .wait)
        #expect(muxer.start([AudioPackets.metadata(), AudioPackets.videoSequenceHeader(), AudioPackets.videoKeyframe(at: 0)]) == .wait)
        #expect(muxer.start([AudioPackets.metadata(), AudioPackets.mp3Frame([1, 2], at: 0)]) == .start)
    }

    @Test func anAACStreamIsRefusedBeforeTheHead() {
        let muxer = MP3StreamMuxer()
        let decision = muxer.start([AudioPackets.metadata(), AudioPackets.aacSequenceHeader(), AudioPackets.aacFrame([1], at: 0)])
        #expect(decision == .refuse(reason: "the stream's audio is AAC, the mount carries MP3"))
    }

    @Test func anotherCodecAfterTheStartFailsTheStream() throws {
        let output = try MuxerOutput(), muxer = MP3StreamMuxer()
        #expect(output.write(AudioPackets.mp3Frame([1, 2, 3], at: 0), with: muxer) == 3)
        #expect(output.write(AudioPackets.aacFrame([4, 5], at: 26), with: muxer) == 0)
        #expect(muxer.failure == "the stream's audio is AAC, the mount carries MP3")
        #expect(output.write(AudioPackets.mp3Frame([6], at: 52), with: muxer) == 0, "nothing after a failure")
        #expect(try output.take() == [1, 2, 3])
    }
}
