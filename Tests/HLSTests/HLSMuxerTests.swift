import Codec
import Core
import HLS
import Live
import Testing

@Suite struct HLSMuxerTests {
    private static let dir = "/hls/live"

    private static func playlist(sequence: Int, _ entries: [(Int, String, Bool)]) -> String {
        var text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:\(sequence)\n#EXT-X-TARGETDURATION:2\n"
        for (seq, duration, discontinuity) in entries {
            if discontinuity { text += "#EXT-X-DISCONTINUITY\n" }
            text += "#EXTINF:\(duration), no desc\nlivestream-\(seq).ts\n"
        }
        return text
    }

    @Test func writesSegmentsAndPlaylistThroughTemporaryFilesAndCleansUpTheWindow() throws {
        let hls = HLSHarness()
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 10_000, audio: false))
        #expect(hls.playlist == Self.playlist(sequence: 0, [(0, "1.960", true), (1, "1.960", false), (2, "1.960", false),
                                                           (3, "1.960", false)]))
        hls.source.unpublish()
        // Five 1.96 s segments: the newest four exceed the 6 s window, so segment 0 left it.
        #expect(hls.playlist == Self.playlist(sequence: 1, [(1, "1.960", false), (2, "1.960", false), (3, "1.960", false),
                                                           (4, "1.960", false)]))
        #expect(hls.store.segmentPaths == (1...4).map { "\(Self.dir)/livestream-\($0).ts" })
        #expect(hls.store.operations.contains("write \(Self.dir)/livestream-0.ts.tmp -> \(Self.dir)/livestream-0.ts"))
        #expect(hls.store.operations.contains("write \(Self.dir)/livestream.m3u8.temp -> \(Self.dir)/livestream.m3u8"))
        #expect(hls.store.operations.contains("rm \(Self.dir)/livestream-0.ts"))
        #expect(hls.store.operations.first == "mkdir \(Self.dir)")

        let status = hls.muxer.status
        #expect(status.nextSequence == 5 && status.mediaSequence == 1 && status.segmentCount == 4)
        #expect(status.lastSegmentDurationMillis == 1960 && !status.isPublishing && status.lastError == nil)
    }

    @Test func everySegmentIsAlignedTSStartingWithPATAndPMTAndAKeyframe() throws {
        let hls = HLSHarness()
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 6_000))
        hls.source.unpublish()
        #expect(hls.store.segmentPaths.count == 3)
        for path in hls.store.segmentPaths {
            let ts = TSInspector(bytes: try #require(hls.store.files[path]))
            #expect(ts.isPacketAligned)
            #expect(Array(ts.pids.prefix(2)) == [0, 0x1001])
            #expect(ts.pcrPID == 0x100)
            let video = ts.pes(0x100)
            #expect(video.first?.hasPCR == true, "the segment opens on a keyframe with a PCR")
            #expect(video.filter(\.hasPCR).count == 2, "two 1 s GOPs per segment, a PCR on each keyframe")
            #expect(ts.pes(0x101).allSatisfy { !$0.hasPCR && TSInspector.adtsFrameCount($0.payload) == 1 })
        }
    }

    @Test func republishMarksADiscontinuityAndKeepsCountingSequenceNumbers() throws {
        let hls = HLSHarness(HLSHarness.settings(window: .seconds(60)))
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_000, audio: false))
        hls.source.unpublish()
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_000, audio: false))
        hls.source.unpublish()
        #expect(hls.playlist == Self.playlist(sequence: 0, [(0, "1.960", true), (1, "1.960", false), (2, "1.960", true),
                                                           (3, "1.960", false)]))
    }

    @Test func aTimestampJumpClosesTheSegmentAndMarksTheNextDiscontinuous() throws {
        let hls = HLSHarness(HLSHarness.settings(window: .seconds(60)))
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 3_000, audio: false))
        hls.feed(HLSPackets.stream(from: 20_000, to: 23_000, audio: false))
        hls.source.unpublish()
        #expect(hls.playlist == Self.playlist(sequence: 0, [(0, "1.960", true), (1, "0.960", false), (2, "1.960", true),
                                                           (3, "0.960", false)]))
    }

    @Test func segmentsShorterThan100msAreDroppedAndTheirNumberReused() throws {
        let hls = HLSHarness()
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 2_080, audio: false))
        hls.source.unpublish()
        #expect(hls.store.segmentPaths == ["\(Self.dir)/livestream-0.ts"])
        #expect(hls.muxer.status.nextSequence == 1 && hls.muxer.status.droppedSegments == 1)
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 2_080, audio: false))
        #expect(hls.store.segmentPaths.last == "\(Self.dir)/livestream-1.ts")
    }

    @Test func cleanupOffKeepsSegmentsThatLeftTheWindow() throws {
        var settings = HLSHarness.settings()
        settings.cleanup = false
        let hls = HLSHarness(settings)
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 12_000, audio: false))
        hls.source.unpublish()
        #expect(hls.store.segmentPaths.count == 6)
        #expect(hls.playlist?.contains("#EXT-X-MEDIA-SEQUENCE:2\n") == true)
        #expect(!hls.store.operations.contains { $0.hasPrefix("rm ") })
    }

    @Test func disposeDeletesEverythingOnlyAfterTheDelayWithoutRepublish() throws {
        let hls = HLSHarness()
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_000, audio: false))
        hls.source.unpublish()
        let unpublishedAt = hls.clock.now
        hls.muxer.tick(nowMillis: unpublishedAt + 120_000)
        #expect(hls.store.segmentPaths.count == 2 && hls.playlist != nil)
        hls.muxer.tick(nowMillis: unpublishedAt + 120_001)
        #expect(hls.store.segmentPaths.isEmpty && hls.playlist == nil)
        #expect(hls.muxer.status.segmentCount == 0 && hls.muxer.status.nextSequence == 2)

        // A republish within the delay cancels the dispose.
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_000, audio: false))
        hls.source.unpublish()
        hls.clock.now += 100_000
        try hls.publish(audio: false)
        hls.muxer.tick(nowMillis: hls.clock.now + 500_000)
        #expect(hls.store.segmentPaths.count == 2)
    }

    @Test func disposeZeroNeverDeletes() throws {
        var settings = HLSHarness.settings()
        settings.dispose = .zero
        let hls = HLSHarness(settings)
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_000, audio: false))
        hls.source.unpublish()
        hls.muxer.tick(nowMillis: hls.clock.now + 10_000_000)
        #expect(hls.store.segmentPaths.count == 2)
    }

    @Test func vnDropsVideoAndTheStreamIsSegmentedAsPureAudio() throws {
        var settings = HLSHarness.settings()
        settings.videoCodec = .none
        let hls = HLSHarness(settings)
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 6_000))
        hls.source.unpublish()
        // Audio reaps at 1.9 × 2.1 = 3.99 s.
        #expect(hls.muxer.segments.map(\.durationMillis) == [4_002, 1_955])
        for path in hls.store.segmentPaths {
            let ts = TSInspector(bytes: try #require(hls.store.files[path]))
            #expect(!ts.pids.contains(0x100) && ts.pids.contains(0x101))
            #expect(ts.pcrPID == 0x101)
        }
    }

    @Test func anDropsAudio() throws {
        var settings = HLSHarness.settings()
        settings.audioCodec = .none
        let hls = HLSHarness(settings)
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 4_000))
        hls.source.unpublish()
        #expect(hls.store.segmentPaths.count == 2)
        for path in hls.store.segmentPaths {
            let ts = TSInspector(bytes: try #require(hls.store.files[path]))
            #expect(ts.pids.contains(0x100) && !ts.pids.contains(0x101))
        }
    }

    @Test func pureAudioIsAggregatedUpTo720msPerPESEachWithAPCR() throws {
        let hls = HLSHarness()
        try hls.publish(video: false)
        let packets = HLSPackets.stream(from: 0, to: 3_000, video: false)
        hls.feed(packets)
        hls.source.unpublish()
        let path = try #require(hls.store.segmentPaths.first)
        let ts = TSInspector(bytes: try #require(hls.store.files[path]))
        let pes = ts.pes(0x101)
        #expect(pes.count == 4)
        #expect(pes.allSatisfy { $0.hasPCR })
        #expect(pes.map { TSInspector.adtsFrameCount($0.payload) ?? -1 }.reduce(0, +) == packets.count)
        #expect(pes.map(\.pts) == [0, 759, 1518, 2277].map { $0 * 90 })
    }

    @Test func corruptFramesAreSkippedAndCounted() throws {
        let hls = HLSHarness()
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 1_000, audio: false))
        hls.source.feed(MediaPacket(kind: .video, timestamp: 1_000, payload: SharedBytes([0x27, 1, 0, 0, 0, 0, 0, 9, 9, 1])))
        hls.source.feed(MediaPacket(kind: .audio, timestamp: 1_000, payload: SharedBytes([0xAF, 1, 1, 2])))
        hls.feed(HLSPackets.stream(from: 2_000, to: 4_000, audio: false))
        hls.source.unpublish()
        #expect(hls.muxer.status.skippedFrames == 2)
        #expect(hls.store.segmentPaths.count == 2)
    }

    @Test func attachingToALiveSourceStartsFromItsSequenceHeadersAtTheNextKeyframe() throws {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "late"), settings: PlaySettings())
        try source.publish(by: ContextID("pub00001"))
        source.feed(HLSPackets.videoSequenceHeader())
        source.feed(HLSPackets.audioSequenceHeader())
        for packet in HLSPackets.stream(from: 0, to: 500) { source.feed(packet) }
        let store = MemoryFileStore()
        let muxer = HLSMuxer(key: source.key, settings: HLSHarness.settings(), store: store)
        source.addObserver(muxer)
        for packet in HLSPackets.stream(from: 500, to: 4_500, gop: 1_000) { source.feed(packet) }
        source.unpublish()
        #expect(muxer.status.skippedFrames == 0)
        #expect(store.segmentPaths.count == 2)
        let first = TSInspector(bytes: try #require(store.files[store.segmentPaths[0]]))
        let firstVideo = try #require(first.pes(0x100).first)
        #expect(firstVideo.pts == 500 * 90)
        #expect(firstVideo.hasPCR)
    }

    @Test func entryPrefixAndTemplatesShapeNamesAndURIs() throws {
        var settings = HLSHarness.settings()
        settings.tsFile = "[app]/[stream]/[2006]-[seq]-[duration].ts"
        settings.entryPrefix = "http://cdn"
        settings.utcTime = true
        let hls = HLSHarness(settings)
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 2_040, audio: false))
        #expect(hls.store.segmentPaths == ["\(Self.dir)/livestream/2023-0-1960.ts"])
        #expect(hls.playlist?.hasSuffix("#EXTINF:1.960, no desc\nhttp://cdn/live/livestream/2023-0-1960.ts\n") == true)
        #expect(hls.store.operations.contains("mkdir \(Self.dir)/livestream"))
    }

    @Test func tsFloorNamesSegmentsByWallClockOverFragment() throws {
        var settings = HLSHarness.settings()
        settings.tsFile = "[app]/[stream]-[timestamp].ts"
        settings.tsFloor = true
        let hls = HLSHarness(settings)
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 4_040, audio: false))
        // floor(1_700_000_000_000 / 1900) = 894_736_842; the first piece is one behind.
        #expect(hls.store.segmentPaths == ["\(Self.dir)/livestream-894736841.ts", "\(Self.dir)/livestream-894736842.ts"])
    }

    @Test func reloadClosesTheSegmentAndContinuesWithTheNewSettings() throws {
        let hls = HLSHarness()
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 3_000, audio: false))
        hls.muxer.update(settings: HLSHarness.settings(fragment: .milliseconds(900)))
        hls.feed(HLSPackets.stream(from: 3_000, to: 5_040, audio: false))
        #expect(hls.muxer.segments.map(\.durationMillis) == [1_960, 960, 960, 960])
        #expect(hls.muxer.segments.map(\.discontinuity) == [true, false, true, false])
    }
}
