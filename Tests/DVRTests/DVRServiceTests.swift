import Codec
import Core
import DVR
import Live
import Testing

@Suite struct DVRServiceTests {
    final class Fixture {
        let registry = SourceRegistry()
        let store = MemoryDVRFileStore()
        var settings: [String: DVRSettings] = [StreamKey.defaultVhost: DVRSettings(path: "/dvr/[app]/[stream].[timestamp].flv")]
        var closed: [DVRFile] = []
        var wall: Int64 = 1_700_000_000_000
        lazy var service: DVRService = {
            let service = DVRService(settingsLookup: { [unowned self] in self.settings[$0] }, store: store,
                                     monotonicNow: { 0 }, wallNow: { [unowned self] in self.wall })
            service.onFileClosed = { [unowned self] in self.closed.append($0) }
            return service
        }()

        /// Publishes `stream` as the RTMP service does: source first, then the root's notification.
        func publish(_ stream: String, app: String = "live") throws -> LiveSource {
            let source = registry.fetchOrCreate(StreamKey(vhost: StreamKey.defaultVhost, app: app, stream: stream),
                                                settings: PlaySettings())
            try source.publish(by: ContextID("pub00001"))
            service.sourceDidStartPublishing(source)
            source.feed(DVRPackets.metadata())
            source.feed(DVRPackets.videoSequenceHeader())
            source.feed(DVRPackets.audioSequenceHeader())
            return source
        }

        func feed(_ source: LiveSource, from: Int64, to: Int64) {
            for packet in DVRPackets.stream(from: from, to: to) { source.feed(packet) }
        }

        func unpublish(_ source: LiveSource) {
            source.unpublish()
            registry.releaseIfIdle(source.key)
        }
    }

    @Test func recordsEachPublishAndReportsTheClosedFile() throws {
        let fixture = Fixture()
        let source = try fixture.publish("a")
        fixture.feed(source, from: 0, to: 1_000)
        #expect(fixture.service.status(of: source.key)?.isRecording == true)
        fixture.unpublish(source)
        #expect(fixture.closed.map(\.path) == ["/dvr/live/a.1700000000000.flv"])
        #expect(fixture.closed.first?.relativePath == "/dvr/live/a.1700000000000.flv")
        #expect(fixture.service.status(of: source.key)?.filesWritten == 1)
        #expect(fixture.service.statuses.keys.map(\.stream) == ["a"])
    }

    @Test func theRecorderLeavesTheSourceAtUnpublishSoItCanBeReleased() throws {
        let fixture = Fixture()
        let source = try fixture.publish("a")
        fixture.unpublish(source)
        #expect(fixture.registry.source(for: source.key) == nil)
    }

    @Test func dvrApplySelectsStreams() throws {
        let fixture = Fixture()
        fixture.settings[StreamKey.defaultVhost]?.apply = .streams(["live/b"])
        let a = try fixture.publish("a")
        let b = try fixture.publish("b")
        fixture.feed(a, from: 0, to: 500)
        fixture.feed(b, from: 0, to: 500)
        fixture.unpublish(a)
        fixture.unpublish(b)
        #expect(fixture.closed.map(\.key.stream) == ["b"])
        #expect(fixture.service.status(of: a.key) == nil)
    }

    @Test func vhostsWithoutDVRAreNotRecorded() throws {
        let fixture = Fixture()
        fixture.settings = [:]
        let source = try fixture.publish("a")
        fixture.feed(source, from: 0, to: 500)
        fixture.unpublish(source)
        #expect(fixture.closed.isEmpty && fixture.service.recorders.isEmpty)
    }

    @Test func reloadStartsRecordingALiveStreamAndStopsAnother() throws {
        let fixture = Fixture()
        fixture.settings[StreamKey.defaultVhost]?.apply = .streams(["live/a"])
        let a = try fixture.publish("a")
        let b = try fixture.publish("b")
        fixture.feed(a, from: 0, to: 1_000)
        fixture.feed(b, from: 0, to: 1_000)
        fixture.wall += 1_000
        fixture.settings[StreamKey.defaultVhost]?.apply = .streams(["live/b"])
        fixture.service.apply(settingsLookup: { [unowned fixture] in fixture.settings[$0] }, sources: fixture.registry)
        #expect(fixture.closed.map(\.key.stream) == ["a"])
        fixture.feed(a, from: 1_000, to: 2_000)
        fixture.feed(b, from: 1_000, to: 2_000)
        fixture.unpublish(a)
        fixture.unpublish(b)
        #expect(fixture.closed.map(\.key.stream) == ["a", "b"])
        let file = try #require(fixture.store.files[fixture.closed[1].path])
        // b's file starts from the cached headers, at the keyframe of 1 s.
        #expect(try FLVFileReader.readAll(file).tags.prefix(3).map(\.kind) == [.script, .audio, .video])
    }

    @Test func stopFinishesEveryRecording() throws {
        let fixture = Fixture()
        let a = try fixture.publish("a")
        let b = try fixture.publish("b")
        fixture.feed(a, from: 0, to: 500)
        fixture.feed(b, from: 0, to: 500)
        fixture.service.stop()
        #expect(Set(fixture.closed.map(\.key.stream)) == ["a", "b"])
        a.unpublish()
        #expect(a.isIdle)
    }

    @Test func pathsRelativeToTheWorkingDirectory() {
        let key = StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "a")
        let relative = DVRFile(key: key, path: "./objs/nginx/html/live/a.flv", cwd: "/srv/srs", container: .flv,
                               duration: .seconds(1), bytes: 1, publisherID: nil)
        #expect(relative.absolutePath == "/srv/srs/objs/nginx/html/live/a.flv")
        #expect(relative.relativePath == "objs/nginx/html/live/a.flv")
        var inside = relative
        inside.path = "/srv/srs/dvr/a.flv"
        #expect(inside.relativePath == "dvr/a.flv")
        var outside = relative
        outside.path = "/data/a.flv"
        #expect(outside.relativePath == "/data/a.flv" && outside.absolutePath == "/data/a.flv")
    }
}
