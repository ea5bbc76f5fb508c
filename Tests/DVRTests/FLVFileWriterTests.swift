import Codec
import Core
@testable import DVR
import Testing

@Suite struct FLVFileWriterTests {
    /// Writes `packets` and applies the close patches, as the recorder does.
    static func file(_ packets: [MediaPacket], durationMillis: Int64 = 1234) throws -> (bytes: [UInt8], writer: FLVFileWriter) {
        var writer = FLVFileWriter(service: "SRS/5.0.216(Bee)")
        var bytes: [UInt8] = []
        writer.start(into: &bytes)
        for packet in packets { try writer.write(packet, into: &bytes) }
        for patch in writer.finish(durationMillis: durationMillis, into: &bytes) {
            let start = Int(patch.offset)
            bytes.replaceSubrange(start..<(start + patch.bytes.count), with: patch.bytes)
        }
        #expect(Int64(bytes.count) == writer.offset)
        return (bytes, writer)
    }

    @Test func readsBackTagForTagWithTimestampsAndTrailers() throws {
        let packets = [DVRPackets.videoSequenceHeader(), DVRPackets.audioSequenceHeader(),
                       DVRPackets.video(0, keyframe: true), DVRPackets.audio(23), DVRPackets.video(40, keyframe: false)]
        let (bytes, _) = try Self.file(packets)
        let (header, tags) = try FLVFileReader.readAll(bytes)
        #expect(header == FLVHeader(hasAudio: true, hasVideo: true))
        #expect(tags.map(\.kind) == packets.map(\.kind))
        #expect(tags.map(\.timestamp) == [0, 0, 0, 23, 40])
        #expect(tags.map { Array($0.body) } == packets.map(\.payload.array))
    }

    @Test(arguments: [(true, false, 0x04), (false, true, 0x01), (true, true, 0x05)] as [(Bool, Bool, UInt8)])
    func headerFlagsSayWhichTracksWereWritten(audio: Bool, video: Bool, flags: UInt8) throws {
        var packets: [MediaPacket] = []
        if video { packets += [DVRPackets.videoSequenceHeader(), DVRPackets.video(0, keyframe: true)] }
        if audio { packets += [DVRPackets.audioSequenceHeader(), DVRPackets.audio(0)] }
        let (bytes, _) = try Self.file(packets)
        #expect(bytes[4] == flags)
        #expect(try FLVHeader(parsing: bytes) == FLVHeader(hasAudio: audio, hasVideo: video))
    }

    @Test func metadataGetsServiceAndTheFinalSizeAndDuration() throws {
        let packets = [DVRPackets.metadata(["width": .number(320), "duration": .number(99), "filesize": .number(7)]),
                       DVRPackets.videoSequenceHeader(), DVRPackets.video(0, keyframe: true)]
        let (bytes, _) = try Self.file(packets, durationMillis: 2500)
        let tags = try FLVFileReader.readAll(bytes).tags
        let values = try AMF0Decoder.decodeAll(Array(tags[0].body))
        #expect(values.first == .string("onMetaData"))
        let object = try #require(values.last?.objectValue)
        #expect(object.properties.map(\.key) == ["width", "service", "filesize", "duration"])
        #expect(object["service"] == .string("SRS/5.0.216(Bee)"))
        #expect(object["filesize"] == .number(Double(bytes.count)))
        #expect(object["duration"] == .number(2.5))
    }

    @Test func keepsOnlyTheFirstMetadataOfAFile() throws {
        let (bytes, _) = try Self.file([DVRPackets.metadata(), DVRPackets.audio(0), DVRPackets.metadata(["a": .number(1)])])
        #expect(try FLVFileReader.readAll(bytes).tags.map(\.kind) == [.script, .audio])
    }

    @Test func writesMetadataItCannotParseUnchanged() throws {
        let odd = MediaPacket(kind: .script, timestamp: 0, payload: SharedBytes([0x02, 0x00, 0x01, 0x41]))
        let (bytes, writer) = try Self.file([odd, DVRPackets.audio(0)])
        #expect(writer.metadataPatchOffsets == nil)
        #expect(Array(try FLVFileReader.readAll(bytes).tags[0].body) == [0x02, 0x00, 0x01, 0x41])
    }

    @Test func clampsTimestampsToThirtyTwoBits() throws {
        let (bytes, _) = try Self.file([DVRPackets.audio(-5), DVRPackets.audio(0x1_2345_6789)])
        #expect(try FLVFileReader.readAll(bytes).tags.map(\.timestamp) == [0, UInt32.max])
    }

    @Test func anEmptyFileIsAHeaderWithBothFlags() throws {
        let (bytes, writer) = try Self.file([])
        #expect(bytes == FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize())
        #expect(!writer.hasMedia)
    }
}
