import Codec
import Core
@testable import DVR
import Glibc
import Live
import Testing

@Suite struct DVRRecorderErrorTests {
    static let dir = "/dvr/live"

    @Test func anUnwritableDirectoryIsRetriedEverySecondAndLoggedOnce() throws {
        let dvr = DVRHarness()
        dvr.store.mkdirError = EACCES
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 3_000))
        dvr.source.unpublish()
        #expect(dvr.store.mkdirCalls == 3)
        #expect(dvr.store.files.isEmpty && dvr.closed.isEmpty)
        #expect(dvr.recorder.status.lastError == .createDirectory(path: Self.dir, errno: EACCES))
        #expect(dvr.recorder.loggedKinds == ["mkdir/\(EACCES)"])
        #expect(!dvr.recorder.status.isRecording)
    }

    @Test func recordingResumesWhenTheDiskRecovers() throws {
        let dvr = DVRHarness()
        dvr.store.mkdirError = EACCES
        dvr.store.failuresLeft = 1
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 3_000))
        dvr.source.unpublish()
        let file = try #require(dvr.closed.first)
        #expect(dvr.closed.count == 1)
        #expect(file.path == "\(Self.dir)/livestream.1700000001000.flv")
        let tags = try FLVFileReader.readAll(try #require(dvr.files.first)).tags
        // Metadata and sequence headers from the source's cache, then the keyframe of 1 s.
        #expect(tags.prefix(3).map(\.kind) == [.script, .audio, .video])
        let frame = try #require(tags.first(where: DVRPackets.isVideoFrame))
        #expect(DVRPackets.isKeyframe(frame))
        #expect(file.duration >= .milliseconds(1_900))
        // A file on disk ends the silence: the next failure is logged again.
        #expect(dvr.recorder.loggedKinds.isEmpty)
    }

    @Test func aFullDiskKeepsTheFLVWrittenSoFarAndStartsANewFileLater() throws {
        let dvr = DVRHarness()
        try dvr.publish()
        let packets = Self.bigStream(to: 4_000)
        dvr.feed(packets.filter { $0.timestamp < 1_000 })
        #expect(dvr.store.files.values.contains { !$0.isEmpty }, "a batch reached the disk")
        dvr.store.writeError = ENOSPC
        dvr.feed(packets.filter { $0.timestamp >= 1_000 && $0.timestamp < 1_600 })
        #expect(!dvr.recorder.status.isRecording)
        dvr.store.writeError = nil
        dvr.feed(packets.filter { $0.timestamp >= 1_600 })
        dvr.source.unpublish()

        #expect(dvr.closed.count == 2)
        #expect(dvr.recorder.status.lastError == .writeFile(path: "\(Self.dir)/livestream.1700000000000.flv.tmp", errno: ENOSPC))
        let salvaged = try FLVFileReader.readAll(try #require(dvr.files.first)).tags
        #expect(salvaged.count > 3 && salvaged.last.map(\.timestamp) ?? .max < 1_600)
        let next = try FLVFileReader.readAll(try #require(dvr.files.last)).tags
        #expect(next.prefix(3).map(\.kind) == [.script, .audio, .video])
        #expect(dvr.store.paths.allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func aFullDiskDeletesTheMP4ItCannotIndex() throws {
        let dvr = DVRHarness(DVRHarness.settings(mp4: true))
        try dvr.publish()
        let packets = Self.bigStream(to: 4_000)
        dvr.feed(packets.filter { $0.timestamp < 1_000 })
        dvr.store.writeError = ENOSPC
        dvr.feed(packets.filter { $0.timestamp >= 1_000 && $0.timestamp < 1_600 })
        dvr.store.writeError = nil
        dvr.feed(packets.filter { $0.timestamp >= 1_600 })
        dvr.source.unpublish()
        #expect(dvr.closed.count == 1)
        #expect(dvr.store.paths == [try #require(dvr.closed.first).path])
        #expect(try MP4Box.parse(try #require(dvr.files.first)).map(\.type) == ["ftyp", "free", "mdat", "moov"])
    }

    @Test func aFailedRenameRemovesTheTemporaryFile() throws {
        let dvr = DVRHarness()
        dvr.store.renameError = EACCES
        try dvr.publish()
        dvr.feed(DVRPackets.stream(from: 0, to: 1_000))
        dvr.source.unpublish()
        #expect(dvr.closed.isEmpty && dvr.store.files.isEmpty)
        let path = "\(Self.dir)/livestream.1700000000000.flv"
        #expect(dvr.recorder.status.lastError == .renameFile(from: path + ".tmp", to: path, errno: EACCES))
    }

    @Test func aBadFrameIsSkippedWithoutEndingTheFile() throws {
        let dvr = DVRHarness(DVRHarness.settings(mp4: true))
        try dvr.publish()
        let truncated = MediaPacket(kind: .video, timestamp: 40, payload: SharedBytes([0x27, 0x01]))
        dvr.feed([DVRPackets.video(0, keyframe: true), truncated, DVRPackets.video(80, keyframe: false)])
        dvr.source.unpublish()
        #expect(dvr.recorder.status.skippedFrames == 1)
        #expect(dvr.closed.count == 1)
        let bytes = try #require(dvr.files.first)
        let moov = try #require(try MP4Box.parse(bytes).first("moov"))
        #expect(try #require(moov.find("trak/mdia/minf/stbl/stsz")).u32(at: 4) == 2)
    }

    /// 1 s GOPs of 6 KiB frames (about 150 KiB/s, so batches reach the disk several times a second).
    static func bigStream(to end: Int64) -> [MediaPacket] {
        DVRPackets.stream(from: 0, to: end).map { packet in
            packet.kind == .video ? DVRPackets.video(packet.timestamp, keyframe: packet.isKeyframe, size: 6_000) : packet
        }
    }
}
