import Glibc
import HLS
import Live
import Testing

@Suite struct HLSMuxerErrorTests {
    private static let dir = "/hls/live"

    @Test func continueSkipsAFailedSegmentAndRetriesWithTheNext() throws {
        let hls = HLSHarness()
        hls.store.writeError = ENOSPC
        hls.store.failWhere = { $0.hasSuffix(".ts") }
        hls.store.failuresLeft = 1
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_000, audio: false))
        hls.source.unpublish()
        let status = hls.muxer.status
        #expect(status.lastError == .writeFile(path: "\(Self.dir)/livestream-0.ts.tmp", errno: ENOSPC))
        #expect(!status.isDisabled && status.droppedSegments == 1)
        // The lost segment's number is reused and the gap is marked for players.
        #expect(hls.store.segmentPaths == ["\(Self.dir)/livestream-0.ts"])
        #expect(hls.muxer.segments.map(\.discontinuity) == [true])
        #expect(hls.muxer.segments.map(\.durationMillis) == [1_960])
    }

    @Test func continueRetriesThePlaylistAtTheNextSegment() throws {
        let hls = HLSHarness()
        hls.store.renameError = EROFS
        hls.store.failWhere = { $0.hasSuffix(".m3u8") }
        hls.store.failuresLeft = 1
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 2_040, audio: false))
        #expect(hls.playlist == nil)
        #expect(hls.muxer.status.lastError == .renameFile(from: "\(Self.dir)/livestream.m3u8.temp",
                                                         to: "\(Self.dir)/livestream.m3u8", errno: EROFS))
        hls.feed(HLSPackets.stream(from: 2_040, to: 4_080, audio: false))
        #expect(hls.playlist?.contains("livestream-0.ts\n#EXTINF:2.000, no desc\nlivestream-1.ts\n") == true)
    }

    @Test func continueSurvivesADiskThatAlwaysFails() throws {
        let hls = HLSHarness()
        hls.store.writeError = EIO
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 10_000))
        hls.source.unpublish()
        #expect(hls.store.files.isEmpty)
        #expect(hls.muxer.status.droppedSegments == 5)
        #expect(hls.muxer.status.nextSequence == 0)
    }

    @Test func ignoreDisablesHLSForThisPublishOnly() throws {
        var settings = HLSHarness.settings()
        settings.onError = .ignore
        let hls = HLSHarness(settings)
        hls.store.mkdirError = EACCES
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 6_000))
        #expect(hls.muxer.status.isDisabled)
        #expect(hls.store.files.isEmpty && hls.store.operations.isEmpty)
        hls.source.unpublish()

        hls.store.mkdirError = nil
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 4_000))
        #expect(!hls.muxer.status.isDisabled)
        #expect(hls.store.segmentPaths == ["\(Self.dir)/livestream-0.ts"])
    }

    @Test func disconnectReportsOnceAndStopsMuxing() throws {
        var settings = HLSHarness.settings()
        settings.onError = .disconnect
        let hls = HLSHarness(settings)
        var reports: [HLSError] = []
        hls.muxer.onDisconnectRequest = { reports.append($0) }
        hls.store.writeError = ENOSPC
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 10_000))
        #expect(reports == [.writeFile(path: "\(Self.dir)/livestream-0.ts.tmp", errno: ENOSPC)])
        #expect(hls.muxer.status.disconnectRequested && hls.muxer.status.isDisabled)
        hls.source.unpublish()
        try hls.publish()
        #expect(!hls.muxer.status.disconnectRequested)
    }

    @Test func aDirectoryThatCannotBeCreatedOnARealDiskIsReportedNotFatal() throws {
        let root = try TempDirectory()
        let blocker = root.path + "/blocker"
        let fd = open(blocker, O_WRONLY | O_CREAT, 0o644)
        close(fd)
        var settings = HLSHarness.settings()
        settings.path = blocker + "/hls"
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "s"), settings: PlaySettings())
        let muxer = HLSMuxer(key: source.key, settings: settings)
        source.addObserver(muxer)
        try source.publish(by: .init("pub00002"))
        source.feed(HLSPackets.videoSequenceHeader())
        for packet in HLSPackets.stream(from: 0, to: 4_000, audio: false) { source.feed(packet) }
        source.unpublish()
        #expect(muxer.status.lastError == .createDirectory(path: blocker, errno: ENOTDIR))
        #expect(muxer.segments.isEmpty)
    }
}
