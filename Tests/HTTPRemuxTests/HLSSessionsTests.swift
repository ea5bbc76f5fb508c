import Core
import HTTP
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

/// `workers N`: a player's playlist and segment requests land on any worker; one board makes
/// them one session, owned by the worker that opened it.
@Suite struct HLSSessionBoardTests {
    private func request(_ target: String) throws -> HTTPRequest {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        return try #require(try parser.next())
    }

    private func workers(_ board: HLSSessionBoard) -> [(sessions: HLSSessions, clients: ClientRegistry)] {
        (0..<2).map { index in
            let clients = ClientRegistry()
            let sessions = HLSSessions(clients: clients) { _ in
                HLSContextSettings(vhost: "__defaultVhost__", ctx: true, tsCtx: true, windowMillis: 10_000)
            }
            sessions.board = board
            sessions.worker = index
            return (sessions, clients)
        }
    }

    @Test func requestsOnTheOtherWorkerKeepTheOneSessionAliveAndCountBytes() throws {
        let board = HLSSessionBoard()
        let pair = workers(board)
        let playlist = Array("#EXTM3U\nlive-0.ts\n".utf8)
        let master = try #require(pair[0].sessions.playlist(for: try request("/live/s.m3u8"), peerIP: "1.2.3.4") { playlist })
        let text = String(decoding: master, as: UTF8.self)
        let ctx = try #require(text.split(separator: "=").last.map(String.init))
        // The variant playlist and a segment land on worker 1: no second session there.
        let variant = try #require(pair[1].sessions.playlist(for: try request("/live/s.m3u8?hls_ctx=\(ctx)"),
                                                             peerIP: "1.2.3.4") { playlist })
        #expect(String(decoding: variant, as: UTF8.self).contains("live-0.ts?hls_ctx=\(ctx)"))
        pair[1].sessions.segmentServed(try request("/live/live-0.ts?hls_ctx=\(ctx)"), bytes: 1000)
        #expect(pair[0].clients.clients.count == 1)
        #expect(pair[1].clients.clients.isEmpty)
        #expect(board.count == 1)
        let session = try #require(pair[0].clients.clients.values.first)
        #expect(session.clientBytesSent == UInt64(1000 + playlist.count))
        // Worker 1's requests count as activity: the session does not expire on worker 0.
        let now = Clock.wallMillis()
        pair[0].sessions.expire(nowMillis: now + 15_000)
        #expect(pair[0].clients.clients.count == 1)
        pair[0].sessions.expire(nowMillis: now + 25_000)
        #expect(pair[0].clients.clients.isEmpty)
        #expect(board.count == 0)
        // A later request with that ctx opens it again, on the worker it lands on.
        _ = pair[1].sessions.playlist(for: try request("/live/s.m3u8?hls_ctx=\(ctx)"), peerIP: "1.2.3.4") { playlist }
        #expect(pair[1].clients.clients.count == 1)
        #expect(pair[0].clients.clients.isEmpty)
    }

    @Test func aRefusedSessionIsRefusedOnEveryWorker() throws {
        let board = HLSSessionBoard()
        let pair = workers(board)
        _ = pair[0].sessions.playlist(for: try request("/live/s.m3u8?hls_ctx=abc"), peerIP: "1.2.3.4") { [] }
        pair[0].sessions.close("abc", refused: true)
        #expect(pair[1].sessions.isRefused(try request("/live/live-0.ts?hls_ctx=abc")))
        #expect(!pair[1].sessions.isRefused(try request("/live/live-0.ts?hls_ctx=other")))
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
