import API
import Testing

/// `workers N`: every worker's API shows the process as one server.
@Suite struct WorkerStatsTests {
    static func stream(id: String = "vid-s1", vhost: String = "vid-v1", clients: Int64, send: Int64, recv: Int64,
                       kbpsSend: Int, kbpsRecv: Int, pulled: Bool, publisher: String?) -> StreamSnapshot {
        var s = StreamSnapshot(id: id, name: "s1", vhost: vhost, app: "live", tcUrl: publisher == nil ? "" : "rtmp://h/live",
                               url: "/live/s1", liveMs: 1, clients: clients, frames: pulled ? 5 : 9, sendBytes: send,
                               recvBytes: recv, kbps: KbpsSnapshot(recv30s: kbpsRecv, send30s: kbpsSend),
                               publishActive: true, publisherID: publisher)
        s.workerPull = pulled
        s.players = pulled ? clients : clients - 1
        return s
    }

    static func client(_ id: String, publish: Bool = false) -> ClientSnapshot {
        ClientSnapshot(id: id, vhost: "vid-v1", stream: "vid-s1", ip: "127.0.0.1", tcUrl: "rtmp://h/live", url: "/live/s1",
                       name: "s1", type: publish ? "fmle-publish" : "rtmp-play", publish: publish, alive: 1)
    }

    @Test func aStreamPulledByAnotherWorkerIsListedOnceWithEveryPlayer() {
        // Worker 0 pulls the stream (listed first); worker 1 has the publisher.
        let pulled = Self.stream(clients: 3, send: 300, recv: 1000, kbpsSend: 30, kbpsRecv: 100, pulled: true, publisher: "pull0001")
        let owner = Self.stream(clients: 2, send: 100, recv: 1000, kbpsSend: 10, kbpsRecv: 100, pulled: false, publisher: "pub00001")
        let workers = [
            WorkerStats(streams: [pulled], clients: [Self.client("c"), Self.client("a"), Self.client("d")],
                        vhosts: [VhostSnapshot(id: "vid-v1", name: "__defaultVhost__", clients: 3, streams: 1, sendBytes: 300,
                                               recvBytes: 1000, kbps: KbpsSnapshot(recv30s: 100, send30s: 30))]),
            WorkerStats(streams: [owner], clients: [Self.client("p", publish: true), Self.client("b")],
                        vhosts: [VhostSnapshot(id: "vid-v1", name: "__defaultVhost__", clients: 2, streams: 1, sendBytes: 100,
                                               recvBytes: 1000, kbps: KbpsSnapshot(recv30s: 100, send30s: 10))]),
        ]
        let merged = WorkerStats.merge(workers)
        #expect(merged.streams.count == 1)
        let stream = merged.streams[0]
        #expect(stream.publisherID == "pub00001", "the publisher's worker's copy is the one shown")
        #expect(stream.tcUrl == "rtmp://h/live")
        #expect(stream.frames == 9)
        #expect(stream.clients == 5, "publisher and every worker's players")
        #expect(stream.players == 4)
        #expect(stream.sendBytes == 400)
        #expect(stream.recvBytes == 1000, "received once, not once per worker")
        #expect(stream.kbps == KbpsSnapshot(recv30s: 100, send30s: 40))
        #expect(!stream.workerPull)
        #expect(merged.clients.map(\.id) == ["a", "b", "c", "d", "p"], "every worker's clients, by id")
        #expect(merged.vhosts.count == 1)
        let vhost = merged.vhosts[0]
        #expect(vhost.clients == 5)
        #expect(vhost.streams == 1, "the pulled copy is not a second stream")
        #expect(vhost.sendBytes == 400)
        #expect(vhost.recvBytes == 1000)
        #expect(vhost.kbps == KbpsSnapshot(recv30s: 100, send30s: 40))
    }

    /// A pulled copy goes with its last player; what its players sent and dropped stays counted
    /// on the stream, as on one worker (where the publisher keeps the stream listed).
    @Test func theResidueOfAGonePulledCopyAddsToTheStreamAndNeverListsOne() {
        var residue = Self.stream(clients: 0, send: 700, recv: 0, kbpsSend: 0, kbpsRecv: 0, pulled: true, publisher: nil)
        residue.residue = true
        residue.players = 0
        residue.droppedMessages = 136
        var owner = Self.stream(clients: 2, send: 100, recv: 1000, kbpsSend: 10, kbpsRecv: 100, pulled: false, publisher: "pub00001")
        owner.droppedMessages = 4
        let merged = WorkerStats.merge([WorkerStats(streams: [residue]), WorkerStats(streams: [owner])])
        #expect(merged.streams.count == 1)
        #expect(merged.streams[0].publisherID == "pub00001")
        #expect(merged.streams[0].sendBytes == 800)
        #expect(merged.streams[0].droppedMessages == 140)
        #expect(merged.streams[0].clients == 2 && merged.streams[0].players == 1)
        #expect(!merged.streams[0].residue)
        // The stream gone everywhere: the residue alone is no stream.
        #expect(WorkerStats.merge([WorkerStats(streams: [residue]), WorkerStats()]).streams.isEmpty)
    }

    @Test func distinctStreamsAndTotalsAddUp() {
        var a = WorkerStats(streams: [Self.stream(id: "vid-a", clients: 2, send: 1, recv: 2, kbpsSend: 0, kbpsRecv: 0,
                                                  pulled: false, publisher: "x")])
        a.totals.sendBytes = 10
        a.totals.clients = 2
        var b = WorkerStats(streams: [Self.stream(id: "vid-b", clients: 1, send: 1, recv: 2, kbpsSend: 0, kbpsRecv: 0,
                                                  pulled: false, publisher: "y")])
        b.totals.sendBytes = 5
        b.totals.clients = 1
        b.totals.clientErrors = 3
        let merged = WorkerStats.merge([b, a])
        #expect(merged.streams.map(\.id) == ["vid-a", "vid-b"])
        #expect(merged.totals.sendBytes == 15)
        #expect(merged.totals.clients == 3)
        #expect(merged.totals.clientErrors == 3)
    }

    @Test func oneWorkerIsUnchanged() {
        let one = WorkerStats(streams: [Self.stream(clients: 2, send: 1, recv: 2, kbpsSend: 3, kbpsRecv: 4, pulled: false,
                                                    publisher: "x")],
                              clients: [Self.client("b"), Self.client("a")])
        let merged = WorkerStats.merge([one])
        #expect(merged.streams == one.streams)
        #expect(merged.clients.map(\.id) == ["a", "b"])
    }
}
