@testable import HTTPRemux
import Live
import Testing

@Suite struct HLSSessionsTests {
    @Test func rewritesEverySegmentURIAndKeepsTheRestByteForByte() {
        let playlist = Array("#EXTM3U\n#EXTINF:2.000, no desc\nlive-0.ts\n#EXTINF:2.000, no desc\nlive-1.ts?k=v\n".utf8)
        let rewritten = String(decoding: HLSSessions.rewrite(playlist, ctx: "abc"), as: UTF8.self)
        #expect(rewritten == "#EXTM3U\n#EXTINF:2.000, no desc\nlive-0.ts?hls_ctx=abc\n#EXTINF:2.000, no desc\nlive-1.ts?k=v&hls_ctx=abc\n")
    }

    @Test func playlistPathMapsToItsStream() {
        #expect(HLSSessions.streamKey(path: "/live/livestream.m3u8", vhost: "__defaultVhost__")
                == StreamKey(vhost: "__defaultVhost__", app: "live", stream: "livestream"))
    }
}

@Suite struct RemuxMountTests {
    @Test(arguments: [
        ("/live/livestream.flv", "live", "livestream"),
        ("/a/b.flv", "a", "b"),
    ])
    func matchesTheTemplateShape(path: String, app: String, stream: String) throws {
        let mount = try #require(RemuxMount(template: "[vhost]/[app]/[stream].flv"))
        #expect(mount.match(path: path, vhost: "v") == StreamKey(vhost: "v", app: app, stream: stream))
    }

    @Test(arguments: ["/livestream.flv", "/a/b/c.flv", "/live/livestream.ts", "/live/.flv"])
    func rejectsOtherShapes(path: String) throws {
        let mount = try #require(RemuxMount(template: "[vhost]/[app]/[stream].flv"))
        #expect(mount.match(path: path, vhost: "v") == nil)
    }

    @Test func readsTheFormatFromTheExtension() {
        #expect(RemuxMount(template: "[vhost]/[app]/[stream].ts")?.format == .ts)
        #expect(RemuxMount(template: "[vhost]/[app]/[stream].mp4") == nil)
    }
}
