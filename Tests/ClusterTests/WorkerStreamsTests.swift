import Cluster
import Codec
import Core
import IO
import Live
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A player's sink: takes what is queued at the end of the loop turn, like a real player.
private final class RecordingSink: ConsumerSink {
    unowned let loop: EventLoop
    var consumer: Consumer?
    var packets: [MediaPacket] = []
    private var scheduled = false

    init(loop: EventLoop) { self.loop = loop }

    func consumerIsReady(_ consumer: Consumer) {
        guard !scheduled else { return }
        scheduled = true
        loop.deferToIterationEnd { [self] in
            scheduled = false
            self.consumer?.take(max: 1024) { packets.append($0) }
        }
    }
}

/// The publisher's worker of a test, on its own thread: it publishes `key`, then feeds one video
/// packet per millisecond until told to unpublish, then to stop.
private final class PublisherWorker {
    let loop: EventLoop
    let registry = SourceRegistry()
    let streams: WorkerStreams
    let control: Mailbox<PublisherWorker>
    let report: Report
    var source: LiveSource?
    var timer: Timer?
    var timestamp: Int64 = 0
    var running = true

    /// What the publisher's thread tells the test (under a mutex).
    final class Report: @unchecked Sendable {
        private let lock = Lock()
        private var _feeds = -1
        private var _ended = false
        var feeds: Int {
            get { lock.withLock { _feeds } }
            set { lock.withLock { _feeds = newValue } }
        }
        var ended: Bool {
            get { lock.withLock { _ended } }
            set { lock.withLock { _ended = newValue } }
        }
    }

    init(mesh: WorkerMesh, control: Mailbox<PublisherWorker>, report: Report) throws {
        loop = try EventLoop()
        streams = WorkerStreams(index: 1, mesh: mesh, loop: loop, registry: registry)
        registry.arbiter = streams
        registry.supplierFor = { [unowned streams] _ in streams }
        self.control = control
        self.report = report
    }

    func run(key: StreamKey) throws {
        try streams.open()
        try control.open(loop: loop, owner: self)
        let source = registry.fetchOrCreate(key, settings: PlaySettings())
        try source.publish(by: ContextID("publish1"))
        source.feed(MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes([0x17, 0, 0, 0, 0])))
        self.source = source
        timer = loop.scheduleRepeating(every: 1) { [unowned self] in
            timestamp += 1
            source.feed(MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes([0x27, 1, 0, 0, 0])))
            report.feeds = streams.feedCount
        }
        while running { loop.runOnce(maxWait: 5) }
        report.feeds = streams.feedCount
        streams.close()
        report.ended = true
    }

    func unpublish() {
        loop.cancel(timer)
        source?.unpublish()
    }
}

@Suite struct WorkerStreamsTests {
    static let key = StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "w")

    static func spin(_ loop: EventLoop, until done: () -> Bool) {
        let deadline = loop.now + 5000
        while !done() && loop.now < deadline { loop.runOnce(maxWait: 5) }
    }

    /// Worker 1 (a thread) publishes; a player on worker 0 (this thread) gets the stream through
    /// one in-process pull; a second publisher on worker 0 is busy; when the player leaves the
    /// publisher's feed goes; when the publisher leaves, worker 0's copy stops being published.
    /// Run under the thread sanitizer by `make test-tsan`.
    @Test func aPlayerOnAnotherWorkerGetsTheStreamAndThePullFollowsItsPlayers() throws {
        let mesh = try WorkerMesh(count: 2)
        let control = try Mailbox<PublisherWorker>()
        let report = PublisherWorker.Report()
        let key = Self.key
        try WorkerThread.start {
            do {
                let worker = try PublisherWorker(mesh: mesh, control: control, report: report)
                try worker.run(key: key)
            } catch {
                report.ended = true
            }
        }
        let loop = try EventLoop()
        let registry = SourceRegistry()
        let streams = WorkerStreams(index: 0, mesh: mesh, loop: loop, registry: registry)
        registry.arbiter = streams
        registry.supplierFor = { [unowned streams] _ in streams }
        try streams.open()
        Self.spin(loop) { mesh.owner(of: key) == 1 }
        #expect(mesh.owner(of: key) == 1, "the publisher's worker holds the stream")

        // A second publisher of the stream on this worker is refused.
        let busy = LiveSource(key: key, settings: PlaySettings())
        busy.arbiter = streams
        #expect(throws: LiveError.self) { try busy.publish(by: ContextID("publish2")) }

        let sink = RecordingSink(loop: loop)
        let source = registry.fetchOrCreate(key, settings: PlaySettings())
        let request = StreamRequest(key: key, tcUrl: "rtmp://127.0.0.1/live", param: "", host: "127.0.0.1",
                                    clientIP: "127.0.0.1", format: .rtmp)
        sink.consumer = source.attach(sink: sink, request: request)
        #expect(streams.pullCount == 1, "the first player starts the pull")
        #expect(source.isPublishing, "the pull holds the local copy as its publisher")
        Self.spin(loop) { sink.packets.count >= 50 }
        #expect(sink.packets.count >= 50)
        #expect(sink.packets.first?.isSequenceHeader == true, "the player starts with the sequence header")
        let times = sink.packets.dropFirst().map(\.timestamp)
        #expect(times == times.sorted() && Set(times).count == times.count, "packets come once each, in order")
        Self.spin(loop) { report.feeds == 1 }
        #expect(report.feeds == 1, "one feed on the publisher's worker")

        // The last player leaves: the pull stops and the publisher's worker drops the feed.
        if let consumer = sink.consumer { source.detach(consumer) }
        sink.consumer = nil
        #expect(streams.pullCount == 0)
        Self.spin(loop) { report.feeds == 0 }
        #expect(report.feeds == 0, "the feed goes with the last player")

        // A player again, then the publisher leaves: the local copy is unpublished, the player stays.
        let again = RecordingSink(loop: loop)
        let replay = registry.fetchOrCreate(key, settings: PlaySettings())
        again.consumer = replay.attach(sink: again, request: request)
        Self.spin(loop) { !again.packets.isEmpty }
        #expect(!again.packets.isEmpty)
        control.post { $0.unpublish() }
        Self.spin(loop) { !replay.isPublishing }
        #expect(!replay.isPublishing, "the owner's unpublish reaches the pulled copy")
        #expect(streams.pullCount == 0)
        #expect(mesh.owner(of: key) == nil, "the stream is free for any worker's publisher")

        control.post { $0.running = false }
        let deadline = Clock.monotonicMillis() + 5000
        while !report.ended && Clock.monotonicMillis() < deadline { usleep(1000) }
        #expect(report.ended)
        if let consumer = again.consumer { replay.detach(consumer) }
        streams.close()
    }

    @Test func claimsAreExclusiveAndIDsShared() throws {
        let mesh = try WorkerMesh(count: 3)
        let key = Self.key
        let loop = try EventLoop()
        let registry = SourceRegistry()
        let streams = WorkerStreams(index: 2, mesh: mesh, loop: loop, registry: registry)
        registry.arbiter = streams
        let source = registry.fetchOrCreate(key, settings: PlaySettings())
        try source.publish(by: ContextID("a"))
        #expect(mesh.owner(of: key) == 2)
        #expect(streams.remoteOwner(of: key) == nil, "its own stream is not remote")
        #expect(throws: LiveError.self) { try source.publish(by: ContextID("b")) }
        #expect(mesh.owner(of: key) == 2, "a refused second publisher leaves the claim alone")
        source.unpublish()
        #expect(mesh.owner(of: key) == nil)
        #expect(mesh.sharedID("stream /live/w") == mesh.sharedID("stream /live/w"))
        #expect(mesh.sharedID("stream /live/w") != mesh.sharedID("stream /live/x"))
        #expect(mesh.sharedID("vhost x").hasPrefix("vid-"))
    }
}
