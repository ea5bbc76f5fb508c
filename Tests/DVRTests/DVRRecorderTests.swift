import Codec
import Core
@testable import DVR
import Live
import Testing

@Suite struct DVRRecorderTests {
    static let dir = "/dvr/live"

    /// The tags of an FLV file.
    static func tags(_ bytes: [UInt8]) throws -> [FLVTag] { try FLVFileReader.readAll(bytes).tags }

    @Test func sessionWritesOneFileThroughATemporaryName() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 3_000))
        #expect(dvr.recorder.status.isRecording)
        #expect(dvr.recorder.status.currentPath == "\(Self.dir)/livestream.1700000000000.flv")
        dvr.source.unpublish()

        let path = "\(Self.dir)/livestream.1700000000000.flv"
        #expect(dvr.store.operations == ["mkdir \(Self.dir)", "create \(path).tmp", "rename \(path).tmp -> \(path)"])
        #expect(dvr.store.paths == [path])
        let file = try #require(dvr.closed.first)
        #expect(dvr.closed.count == 1)
        #expect(file.path == path && file.cwd == "/srv/srs" && file.container == .flv)
        #expect(file.key == dvr.source.key && file.publisherID == ContextID("test1234"))
        #expect(file.duration == .milliseconds(2_990))
        #expect(file.bytes == Int64(dvr.store.files[path]?.count ?? 0))
        let tags = try Self.tags(try #require(dvr.store.files[path]))
        #expect(tags.prefix(3).map(\.kind) == [.script, .video, .audio])
        #expect(tags.count == 3 + 75 + 131)
        let status = dvr.recorder.status
        #expect(!status.isRecording && status.filesWritten == 1 && status.bytesWritten == file.bytes)
        #expect(status.lastFile == file && status.lastError == nil)
    }

    @Test func timestampsStartAtZeroWhateverThePublisherSends() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 50_000, to: 51_000))
        dvr.source.unpublish()
        let tags = try Self.tags(try #require(dvr.files.first))
        let media = tags.filter { $0.kind != .script }
        #expect(media.first?.timestamp == 0)
        // The sequence headers at 0 and the first frame at 50 s are 10 ms apart (a jitter jump).
        #expect(media.last?.timestamp == 999)
    }

    @Test func segmentFilesCutAtKeyframesAndEachStartsWithHeaders() throws {
        let dvr = DVRHarness(DVRHarness.settings(plan: .segment, seconds: 2))
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 7_000))
        dvr.source.unpublish()
        // Cuts at the keyframes of 3 s and 6 s (a file spans 1.96 s at the keyframe of 2 s).
        #expect(dvr.closed.map(\.path) == [1_700_000_000_000, 1_700_000_003_000, 1_700_000_006_000]
            .map { "\(Self.dir)/livestream.\($0).flv" })
        #expect(dvr.closed.map(\.duration) == [.milliseconds(2_990), .milliseconds(2_980), .milliseconds(992)])
        for bytes in dvr.files {
            let tags = try Self.tags(bytes)
            #expect(tags.prefix(3).map(\.kind) == [.script, .audio, .video] || tags.prefix(3).map(\.kind) == [.script, .video, .audio])
            let firstFrame = try #require(tags.first(where: DVRPackets.isVideoFrame))
            #expect(DVRPackets.isKeyframe(firstFrame), "a file starts with a keyframe")
            #expect(tags.first { $0.kind != .script }?.timestamp == 0)
        }
        #expect(dvr.store.paths.allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func segmentMP4FilesIndexEveryFrameOnce() throws {
        let dvr = DVRHarness(DVRHarness.settings(plan: .segment, seconds: 2, mp4: true))
        try dvr.publish()
        let packets = DVRPackets.stream(from: 0, to: 7_000)
        dvr.feed(packets)
        dvr.source.unpublish()
        #expect(dvr.closed.count == 3 && dvr.closed.allSatisfy { $0.container == .mp4 && $0.path.hasSuffix(".mp4") })
        var videoSamples = 0, audioSamples = 0
        for bytes in dvr.files {
            let moov = try #require(try MP4Box.parse(bytes).first("moov"))
            for trak in moov.all("trak") {
                let count = Int(try #require(trak.find("mdia/minf/stbl/stsz")).u32(at: 4))
                if trak.find("mdia/minf/vmhd") != nil { videoSamples += count } else { audioSamples += count }
                #expect(trak.find("mdia/minf/stbl/stss").map { $0.table(width: 1).first == [1] } ?? true)
            }
        }
        #expect(videoSamples == packets.filter(\.isVideo).count)
        #expect(audioSamples == packets.filter(\.isAudio).count)
    }

    @Test func republishingStartsANewFile() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 1_000))
        dvr.source.unpublish()
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 5_000, to: 6_000))
        dvr.source.unpublish()
        #expect(dvr.closed.count == 2 && Set(dvr.closed.map(\.path)).count == 2)
    }

    @Test func aFileWithoutFramesIsDeleted() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        dvr.source.unpublish()
        #expect(dvr.closed.isEmpty && dvr.store.files.isEmpty)
        #expect(dvr.store.operations.last == "rm \(Self.dir)/livestream.1700000000000.flv.tmp")
    }

    @Test func quitFinishesTheOpenFile() throws {
        let dvr = DVRHarness(DVRHarness.settings(mp4: true))
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 1_000))
        dvr.recorder.stop()
        #expect(dvr.closed.count == 1 && !dvr.recorder.status.isRecording)
        #expect(try MP4Box.parse(try #require(dvr.files.first)).map(\.type) == ["ftyp", "free", "mdat", "moov"])
        dvr.feed(DVRPackets.stream(from: 1_000, to: 2_000))
        #expect(dvr.closed.count == 1 && dvr.store.files.count == 1)
    }

    @Test func aNewMP4SequenceHeaderStartsANewFile() throws {
        let dvr = DVRHarness(DVRHarness.settings(mp4: true))
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 1_000))
        var other = DVRPackets.avcConfig
        other[3] = 0x28
        dvr.feed([DVRPackets.videoSequenceHeader(other, at: 1_000)] + DVRPackets.stream(from: 1_000, to: 2_000))
        dvr.source.unpublish()
        #expect(dvr.closed.count == 2)
        let second = try MP4Box.parse(try #require(dvr.files.last))
        let avcC = try #require(second.first("moov")?.find("trak/mdia/minf/stbl/stsd/avc1/avcC"))
        #expect(Array(avcC.body) == other)
    }

    @Test func framesMP4CannotCarryAreCountedAndSkipped() throws {
        let dvr = DVRHarness(DVRHarness.settings(mp4: true))
        try dvr.publish(audio: false)
        let mp3 = MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0x2F, 0xFF, 0xFB, 0x90]))
        dvr.feed([DVRPackets.video(0, keyframe: true), mp3, mp3])
        dvr.source.unpublish()
        #expect(dvr.recorder.status.skippedFrames == 2)
        #expect(dvr.recorder.status.lastError == nil)
        #expect(dvr.closed.count == 1)
    }

    @Test func reloadedSettingsFinishTheFileAndGoOnInANewOne() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        let packets = DVRPackets.stream(from: 0, to: 3_000)
        dvr.feed(packets.filter { $0.timestamp < 1_500 })
        dvr.recorder.update(settings: DVRHarness.settings(mp4: true))
        #expect(dvr.closed.count == 1 && !dvr.recorder.status.isRecording)
        dvr.feed(packets.filter { $0.timestamp >= 1_500 })
        dvr.source.unpublish()
        #expect(dvr.closed.map(\.container) == [.flv, .mp4])
        // The new file starts from the cached headers; its video at the next keyframe (2 s).
        let bytes = try #require(dvr.files.last)
        let moov = try #require(try MP4Box.parse(bytes).first("moov"))
        #expect(moov.all("trak").count == 2)
        #expect(try #require(moov.find("trak/mdia/minf/stbl/stsz")).u32(at: 4) == 25)
    }

    @Test func reloadThatStopsRecordingFinishesTheFile() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 1_000))
        dvr.recorder.update(settings: DVRSettings(enabled: false))
        dvr.feed(DVRPackets.stream(from: 1_000, to: 2_000))
        dvr.source.unpublish()
        #expect(dvr.closed.count == 1 && dvr.store.files.count == 1)
    }

    @Test func aFixedFileNameIsNeverOverwritten() throws {
        let dvr = DVRHarness(DVRSettings(path: "/dvr/fixed.flv"))
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 500))
        dvr.source.unpublish()
        let first = dvr.store.files["/dvr/fixed.flv"]
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 500))
        dvr.source.unpublish()
        #expect(dvr.closed.count == 1 && dvr.store.files["/dvr/fixed.flv"] == first)
        #expect(dvr.recorder.status.lastError == .fileExists(path: "/dvr/fixed.flv"))
    }

    @Test func playersNeverNoticeTheRecording() throws {
        let dvr = DVRHarness()
        dvr.store.mkdirError = 13
        let consumer = dvr.source.attach(sink: nil)
        try dvr.publish()
        let packets = DVRPackets.stream(from: 0, to: 2_000)
        dvr.feed(packets)
        #expect(consumer.count == 3 + packets.count)
    }
}
