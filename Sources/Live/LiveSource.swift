import Codec
import Core

/// One live stream: one publisher, many consumers, the GOP and meta caches (srs-facts §6).
///
/// It fans every packet out to its observers and consumers by reference; it knows no protocol.
public final class LiveSource {
    public let key: StreamKey
    public private(set) var settings: PlaySettings
    public private(set) var publisherID: ContextID?
    /// Context id of the current (or last) publisher: SRS's `source_id`.
    public private(set) var lastPublisherID: ContextID?
    public private(set) var meta = MetaCache()
    public private(set) var gop: GopCache
    public private(set) var consumers: [Consumer] = []
    /// `consumers` again, unretained, in the same order: the per-packet fan-out walks this one,
    /// so handing a packet to N players costs no retain/release of the players (`consumers`
    /// keeps them alive; both change together in attach/detach).
    private let fanout = Fanout()
    public private(set) var stats = SourceStats()
    private var observers: [ObjectIdentifier: SourceObserver] = [:]
    /// Feeds this source from elsewhere while it has players (an edge pull); set at creation.
    public weak var supplier: SourceSupplier?
    /// Decides whether a publisher may take this source when another worker of the process may
    /// hold the stream (`workers N`); set at creation, nil with one worker.
    public weak var arbiter: PublishArbiter?
    /// `mix_correct`: packets waiting to be released in timestamp order.
    private var mix = MixQueue()
    /// `atc_auto`: the current publisher's metadata asked for ATC.
    public private(set) var atcRequested = false
    /// Since when (monotonic ms) a publisher has had no players; nil while it has some
    /// (`publish.kickoff_for_idle`, SRS `publisher_is_idle_for`).
    public private(set) var idleSince: Int64?

    public init(key: StreamKey, settings: PlaySettings) {
        self.key = key
        self.settings = settings
        gop = GopCache(enabled: settings.gopCache, maxFrames: settings.gopCacheMaxFrames)
    }

    public var isPublishing: Bool { publisherID != nil }
    /// True while nothing keeps the source alive (the registry may drop it).
    public var isIdle: Bool { publisherID == nil && consumers.isEmpty && observers.isEmpty }

    // MARK: publishing

    /// Takes the stream for a publisher; a second publisher gets `.streamBusy`.
    public func publish(by id: ContextID) throws {
        guard arbiter?.source(self, willPublishBy: id) ?? true else { throw LiveError.streamBusy(key.url) }
        guard publisherID == nil else { throw LiveError.streamBusy(key.url) }
        publisherID = id
        lastPublisherID = id
        meta.clearMetadata()
        gop.clear()
        mix.clear()
        if atcRequested {
            atcRequested = false
            updateConsumerSettings()
        }
        idleSince = consumers.isEmpty ? Clock.monotonicMillis() : nil
        stats.publishStartedAt = Clock.wallMillis()
        stats.lastPacketAt = Clock.monotonicMillis()
        for observer in observers.values { observer.sourceDidPublish(self) }
    }

    /// Releases the stream; players stay attached and continue if somebody publishes again.
    public func unpublish() {
        guard let id = publisherID else { return }
        publisherID = nil
        gop.clear()
        for observer in observers.values { observer.sourceDidUnpublish(self) }
        arbiter?.source(self, didUnpublishBy: id)
    }

    /// Feeds one packet from the publisher to caches, observers and consumers.
    public func feed(_ packet: MediaPacket) {
        stats.bytesReceived &+= UInt64(packet.payload.count)
        stats.lastPacketAt = Clock.monotonicMillis()
        switch packet.kind {
        case .video: if !packet.isSequenceHeader { stats.videoFrames &+= 1 }
        case .audio: if !packet.isSequenceHeader { stats.audioFrames &+= 1 }
        case .script: break
        }
        if settings.mixCorrect && packet.kind != .script {
            mix.push(packet)
            if let next = mix.pop() { dispatch(next) }
        } else {
            dispatch(packet)
        }
    }

    private func dispatch(_ packet: MediaPacket) {
        var toPlayers = true
        if packet.isSequenceHeader || packet.kind == .script {
            toPlayers = !(settings.reduceSequenceHeader && meta.repeats(packet))
            if !toPlayers { log.warn("drop for reduce sh \(packet.kind), size=\(packet.payload.count), url=\(key.url)") }
            meta.update(packet)
            if packet.kind == .script && settings.atcAuto && !atcRequested && ATCMetadata.requestsATC(packet.payload.bytes) {
                atcRequested = true
                log.trace("atc auto: bravo_atc=true in metadata, url=\(key.url)")
                updateConsumerSettings()
            }
        } else if let warning = gop.cache(packet) {
            log.warn(warning + ", url=\(key.url)")
        }
        for observer in observers.values { observer.source(self, didReceive: packet) }
        guard toPlayers else { return }
        guard !fanout.isEmpty else {
            if packet.isSequenceHeader { fanout.ring.remember(packet) }
            return
        }
        fanout.dispatch(packet)
    }

    /// Gives every consumer the current play settings; cohorts re-form with them.
    private func updateConsumerSettings() {
        for consumer in consumers { consumer.update(settings: consumerSettings) }
        fanout.loosenAll()
    }

    /// The play settings consumers use (atc turns jitter correction off).
    public var consumerSettings: PlaySettings { settings.forConsumers(atcRequested: atcRequested) }

    /// SRS `publisher_is_idle_for`: publishing with no player for longer than `millis`.
    public func publisherIsIdle(forMillis millis: Int64, nowMillis: Int64) -> Bool {
        guard isPublishing, millis > 0, let idleSince else { return false }
        return nowMillis - idleSince > millis
    }

    // MARK: consumers and observers

    /// Attaches a player; it receives metadata, sequence headers and the GOP cache at once
    /// (or `replacingGOP` instead of the GOP: an audio player's fast cache, SRS's `has_cache()`).
    /// `request` says how a player asked (nil for internal consumers such as an edge push): the
    /// supplier, if any, starts feeding the source first.
    /// `startsAtLiveEdge`: the player skips the GOP of a pulled copy's first batch too (an
    /// audio mount without `fast_cache`, see `feedReplay`).
    public func attach(sink: ConsumerSink?, settings override: PlaySettings? = nil, request: StreamRequest? = nil,
                       replacingGOP replay: [MediaPacket]? = nil, startsAtLiveEdge: Bool = false) -> Consumer {
        if let request { supplier?.source(self, playerWillAttach: request) }
        let consumer = Consumer(settings: override ?? consumerSettings, sink: sink, fanout: fanout)
        consumer.startsAtLiveEdge = startsAtLiveEdge
        consumers.append(consumer)
        fanout.add(consumer)
        idleSince = nil
        if isPublishing {
            consumer.enqueueInitial(meta.dump + (replay ?? gop.packets))
        }
        return consumer
    }

    /// The first batch of a pulled copy (`workers N`): the owner's dump of metadata, sequence
    /// headers and GOP (or audio fast cache), which the players attached while the pull started
    /// get as their initial dump — fed like live packets, except that a player starting at the
    /// live edge keeps only the metadata and sequence headers of it, as it would have from a
    /// local source.
    public func feedReplay(_ packets: [MediaPacket]) {
        let from = fanout.ring.end
        for packet in packets { feed(packet) }
        for consumer in consumers where consumer.startsAtLiveEdge { consumer.skipReplay(from: from) }
    }

    /// Wakes the consumers whose merged-write wait timed out (see `Fanout.wakeLate`).
    public func wakeLateConsumers(now: Int64) {
        if !fanout.isEmpty { fanout.wakeLate(now: now) }
    }

    public func detach(_ consumer: Consumer) {
        if let index = consumers.firstIndex(where: { $0 === consumer }) {
            consumer.sink = nil   // strong until here (see `Consumer.sink`)
            consumers.swapAt(index, consumers.count - 1)
            consumers.removeLast()
            fanout.remove(consumer)
            if consumers.isEmpty {
                idleSince = Clock.monotonicMillis()
                supplier?.sourceDidLoseLastConsumer(self)
            }
        }
    }

    public func addObserver(_ observer: SourceObserver) { observers[ObjectIdentifier(observer)] = observer }
    public func removeObserver(_ observer: SourceObserver) { observers[ObjectIdentifier(observer)] = nil }

    /// Applies reloaded play settings to the source and its consumers.
    public func update(settings: PlaySettings) {
        self.settings = settings
        gop.maxFrames = settings.gopCacheMaxFrames
        if gop.enabled != settings.gopCache {
            gop.enabled = settings.gopCache
            gop.clear()
        }
        if !settings.mixCorrect { mix.clear() }
        updateConsumerSettings()
    }
}
