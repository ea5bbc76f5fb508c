import Codec
import Core
import IO
import Live

/// One worker's part of `workers N` (performance issue item 4): the worker whose publisher holds a
/// stream is its origin; a player that lands on another worker makes that worker pull the stream
/// in process — one pull per stream per worker, started by its first player and stopped after its
/// last, like an edge pull but without a socket. A second publisher of a stream held by another
/// worker is refused as busy, as on one worker.
///
/// Confined to its worker's loop; it talks to the other workers only through their mailboxes,
/// with messages that carry stream keys, ids and packets.
public final class WorkerStreams: SourceSupplier, PublishArbiter {
    public let index: Int
    let mesh: WorkerMesh
    public unowned let loop: EventLoop
    let registry: SourceRegistry
    /// What feeds a stream nobody publishes in the process, by stream (the edge's origin pull for
    /// edge vhosts). The worker whose upstream pull takes the stream holds it like a publisher;
    /// the other workers pull from that worker in process, so an edge makes one upstream pull per
    /// stream whatever its number of workers.
    public var upstream: (StreamKey) -> SourceSupplier? = { _ in nil }
    /// The source got / lost its in-process publisher (HTTP-FLV mounts follow it).
    public var onPublish: ((LiveSource) -> Void)?
    public var onUnpublish: ((LiveSource) -> Void)?
    /// What a worker that starts pulling a stream from this one gets first, instead of just the
    /// GOP (nil): the audio fast cache of an audio mount, so its first players get the burst too.
    public var initialReplay: ((LiveSource) -> [MediaPacket]?)?
    /// Local publishers holding a stream for the process.
    private var claims: [StreamKey: ContextID] = [:]
    private var pulls: [StreamKey: WorkerPull] = [:]
    private var pullsByID: [UInt64: WorkerPull] = [:]
    private var nextPullID: UInt64 = 1
    private var feeds: [WorkerFeed.Key: WorkerFeed] = [:]
    private var stopped = false

    public init(index: Int, mesh: WorkerMesh, loop: EventLoop, registry: SourceRegistry) {
        self.index = index
        self.mesh = mesh
        self.loop = loop
        self.registry = registry
    }

    /// Starts taking messages from the other workers.
    public func open() throws {
        try mesh.mailboxes[index].open(loop: loop, owner: self)
    }

    /// In-process pulls of this worker and feeds to other workers (API, tests).
    public var pullCount: Int { pulls.count }
    public var feedCount: Int { feeds.count }

    /// Whether this worker pulls `key` from another worker.
    public func isPulling(_ key: StreamKey) -> Bool { pulls[key] != nil }

    /// The worker whose publisher has `key`, when it is another one.
    public func remoteOwner(of key: StreamKey) -> Int? {
        guard let owner = mesh.owner(of: key), owner != index else { return nil }
        return owner
    }

    // MARK: PublishArbiter

    public func source(_ source: LiveSource, willPublishBy id: ContextID) -> Bool {
        let key = source.key
        if let pull = pulls[key], pull.cid == id { return true }
        guard mesh.claim(key, by: index) else { return false }
        guard claims[key] == nil else { return true }  // a second local publisher: the source refuses it
        claims[key] = id
        if let pull = pulls[key] { stopPull(pull, tellOwner: true) }
        for worker in 0..<mesh.count where worker != index {
            let owner = index
            mesh.post(to: worker) { $0.streamPublished(key, owner: owner) }
        }
        return true
    }

    public func source(_ source: LiveSource, didUnpublishBy id: ContextID) {
        let key = source.key
        guard claims[key] == id else { return }
        claims[key] = nil
        mesh.release(key, by: index)
        for (feedKey, feed) in feeds where feed.stream == key {
            feeds[feedKey] = nil
            feed.stop(source: source)
            mesh.post(to: feedKey.subscriber) { $0.feedEnded(pullID: feedKey.pullID) }
        }
    }

    // MARK: SourceSupplier (players of a stream another worker publishes)

    public func source(_ source: LiveSource, playerWillAttach request: StreamRequest) {
        guard !stopped, pulls[source.key] == nil, !source.isPublishing else { return }
        if let owner = remoteOwner(of: source.key) {
            startPull(source, owner: owner)
        } else {
            // Its publish claims the stream for this worker (or fails if another worker's came
            // first: then that worker's `streamPublished` starts the pull here).
            upstream(source.key)?.source(source, playerWillAttach: request)
        }
    }

    public func sourceDidLoseLastConsumer(_ source: LiveSource) {
        if let pull = pulls[source.key] {
            stopPull(pull, tellOwner: true)
        } else {
            upstream(source.key)?.sourceDidLoseLastConsumer(source)
        }
    }

    private func startPull(_ source: LiveSource, owner: Int) {
        let pull = WorkerPull(id: nextPullID, source: source, owner: owner)
        nextPullID += 1
        pulls[source.key] = pull
        pullsByID[pull.id] = pull
        do {
            try source.publish(by: pull.cid)
        } catch {
            pulls[source.key] = nil
            pullsByID[pull.id] = nil
            log.warn("worker \(index): cannot pull \(source.key.url) from worker \(owner): \(error)")
            return
        }
        log.trace("worker \(index): pull \(source.key.url) from worker \(owner)", cid: pull.cid)
        onPublish?(source)
        let key = source.key, subscriber = index, pullID = pull.id
        mesh.post(to: owner) { $0.subscribe(key, subscriber: subscriber, pullID: pullID) }
    }

    private func stopPull(_ pull: WorkerPull, tellOwner: Bool) {
        let key = pull.source.key
        guard pulls[key] === pull else { return }
        pulls[key] = nil
        pullsByID[pull.id] = nil
        if tellOwner {
            let feedKey = WorkerFeed.Key(subscriber: index, pullID: pull.id)
            mesh.post(to: pull.owner) { $0.unsubscribe(feedKey, stream: key) }
        }
        log.trace("worker \(index): stop pulling \(key.url) from worker \(pull.owner), \(pull.packets) packets",
                  cid: pull.cid)
        pull.source.unpublish()
        onUnpublish?(pull.source)
        registry.releaseIfIdle(key)
    }

    /// Pulls again when players wait and another worker publishes the stream.
    private func pullIfWanted(_ key: StreamKey) {
        guard !stopped, pulls[key] == nil, let source = registry.source(for: key), !source.consumers.isEmpty,
              !source.isPublishing, let owner = remoteOwner(of: key) else { return }
        startPull(source, owner: owner)
    }

    // MARK: messages from other workers

    /// `owner` took `key` for a publisher: players waiting here start watching it.
    func streamPublished(_ key: StreamKey, owner: Int) {
        if let pull = pulls[key] {
            guard pull.owner != owner else { return }
            stopPull(pull, tellOwner: true)
        }
        pullIfWanted(key)
    }

    /// A worker's pull asks for this worker's stream.
    func subscribe(_ key: StreamKey, subscriber: Int, pullID: UInt64) {
        guard !stopped, claims[key] != nil, let source = registry.source(for: key), source.isPublishing else {
            mesh.post(to: subscriber) { $0.feedEnded(pullID: pullID) }
            return
        }
        let feedKey = WorkerFeed.Key(subscriber: subscriber, pullID: pullID)
        let feed = WorkerFeed(key: feedKey, stream: key, streams: self)
        feeds[feedKey] = feed
        var settings = source.consumerSettings
        settings.jitter = .off  // the subscriber's players correct timestamps themselves
        settings.minLatency = true  // hand over every loop turn: no added latency
        feed.consumer = source.attach(sink: feed, settings: settings, replacingGOP: initialReplay?(source))
    }

    func unsubscribe(_ key: WorkerFeed.Key, stream: StreamKey) {
        guard let feed = feeds.removeValue(forKey: key) else { return }
        feed.stop(source: registry.source(for: stream))
    }

    func deliver(pullID: UInt64, _ batch: [MediaPacket]) {
        pullsByID[pullID]?.deliver(batch)
    }

    /// The owner's publisher left (or it had none when we asked).
    func feedEnded(pullID: UInt64) {
        guard let pull = pullsByID[pullID] else { return }
        stopPull(pull, tellOwner: false)
        pullIfWanted(pull.source.key)
    }

    // MARK: quit

    /// Stops every pull and feed (quit).
    public func stopAll() {
        stopped = true
        for pull in Array(pulls.values) { stopPull(pull, tellOwner: true) }
        for (key, feed) in feeds {
            feed.stop(source: registry.source(for: feed.stream))
            mesh.post(to: key.subscriber) { $0.feedEnded(pullID: key.pullID) }
        }
        feeds.removeAll()
    }

    public func close() {
        mesh.mailboxes[index].close(loop: loop)
    }
}
