import Codec
import Core
import DequeModule

/// Who drains a consumer: an RTMP player, an HTTP-FLV response, an edge forwarder.
public protocol ConsumerSink: AnyObject {
    /// The consumer has enough queued to be worth a write (merged-write rules), or it was just
    /// attached and holds the initial dump. Called at most once until `Consumer.take` runs.
    func consumerIsReady(_ consumer: Consumer)
}

/// One player's bounded queue on a source: jitter-corrected timestamps, SRS's drop policy,
/// shared payloads (enqueue copies a 24-byte struct, never the media bytes).
public final class Consumer {
    public weak var sink: ConsumerSink?
    public private(set) var settings: PlaySettings
    public private(set) var queue = Deque<MediaPacket>()
    /// Messages dropped because the player fell behind (visible in the API).
    public private(set) var droppedMessages: UInt64 = 0
    /// Times the queue was shrunk.
    public private(set) var shrinkCount: UInt64 = 0
    public var paused = false
    /// Monotonic ms when the queue last went from empty to non-empty (merged-write timeout).
    public private(set) var firstQueuedAt: Int64 = 0
    /// Timestamp of the oldest queued A/V message with a timestamp > 0 (nil = none): the start
    /// of the queue's span, kept so the per-packet fan-out never scans the queue.
    private var spanStart: Int64?

    private var jitter: JitterCorrector
    private var notified = false
    private var waitingForKeyframe = false
    private var lastVideoSequenceHeader: MediaPacket?
    private var lastAudioSequenceHeader: MediaPacket?
    /// The most messages queued since the queue's storage was last released (see `take`).
    private var peakCount = 0
    /// SRS compat: a merged write carries at most 128 messages.
    public static let maxBatch = 128
    /// A queue that held more than this (the initial GOP dump, a backlog) gives its storage back
    /// once drained: between batches a player keeps only what one merged write needs (~30).
    static let trimAbove = 64

    init(settings: PlaySettings, sink: ConsumerSink?) {
        self.settings = settings
        self.sink = sink
        jitter = JitterCorrector(mode: settings.jitter)
    }

    /// Applies reloaded play settings (jitter mode changes take effect for new timestamps).
    public func update(settings: PlaySettings) {
        if settings.jitter != self.settings.jitter { jitter = JitterCorrector(mode: settings.jitter) }
        self.settings = settings
    }

    public var count: Int { queue.count }
    public var isEmpty: Bool { queue.isEmpty }

    /// Queues a packet from the source.
    @inline(__always)
    public func enqueue(_ packet: MediaPacket) {
        var packet = packet
        packet.timestamp = jitter.correct(packet.timestamp, isAV: packet.kind != .script)
        if packet.isSequenceHeader {
            if packet.kind == .video { lastVideoSequenceHeader = packet } else { lastAudioSequenceHeader = packet }
        } else if waitingForKeyframe && packet.kind != .script {
            if packet.kind == .video && packet.isKeyframe {
                waitingForKeyframe = false
            } else {
                droppedMessages &+= 1
                return
            }
        }
        if queue.isEmpty { firstQueuedAt = Clock.monotonicMillis() }
        queue.append(packet)
        if queue.count > peakCount { peakCount = queue.count }
        if spanStart == nil && packet.kind != .script && packet.timestamp > 0 { spanStart = packet.timestamp }
        if packet.kind == .script {
            if !notified && (settings.minLatency || queue.count >= Consumer.maxBatch) { notify() }
            return
        }
        let queued = span(endingAt: packet.timestamp)
        if queued > settings.queueLengthMillis {
            shrink()
        } else if !notified && !paused && wantsWrite(span: queued) {
            notify()
        }
    }

    /// The merged-write rule (SRS's mw_msgs / mw_latency): write when more than `mw_msgs`
    /// messages span at least `mw_latency`, at once with min_latency, and at 128 messages.
    @inline(__always)
    private func wantsWrite(span: Int64) -> Bool {
        settings.minLatency || queue.count >= Consumer.maxBatch
            || (queue.count > settings.mwMsgs && span >= settings.mwLatencyMillis)
    }

    /// The span from the first queued A/V message (timestamp 0 ignored) to `last`.
    @inline(__always)
    private func span(endingAt last: Int64) -> Int64 {
        guard let first = spanStart else { return 0 }
        return last - first
    }

    /// Recomputes `spanStart` after messages left the front of the queue.
    private func resetSpanStart() {
        spanStart = queue.first(where: { $0.kind != .script && $0.timestamp > 0 })?.timestamp
    }

    /// Queues the initial dump (metadata, sequence headers, GOP) and wakes the sink at once so
    /// the first frame goes out without the merged-write wait.
    func enqueueInitial(_ packets: [MediaPacket]) {
        for packet in packets { enqueue(packet) }
        if !queue.isEmpty && !notified { notify() }
    }

    private func notify() {
        notified = true
        sink?.consumerIsReady(self)
    }

    /// Removes up to `max` packets for writing and re-arms the ready notification.
    public func take(max: Int = Consumer.maxBatch, into body: (MediaPacket) -> Void) {
        notified = false
        var n = 0
        while n < max, let packet = queue.popFirst() {
            body(packet)
            n += 1
        }
        if !queue.isEmpty {
            firstQueuedAt = Clock.monotonicMillis()
        } else if peakCount > Consumer.trimAbove {
            queue = Deque()
            peakCount = 0
        }
        resetSpanStart()
    }

    /// Re-arms the ready notification without taking anything (a sink that is not ready to
    /// start yet wants to hear about the next packets).
    public func rearm() { notified = false }

    /// SRS's slow-consumer policy: drop everything queued but the latest sequence headers
    /// (re-stamped to the newest timestamp), then resume at the next keyframe.
    private func shrink() {
        let newest = queue.last?.timestamp ?? 0
        let removed = queue.count
        queue.removeAll(keepingCapacity: true)
        var kept = 0
        if var video = lastVideoSequenceHeader {
            video.timestamp = newest
            queue.append(video)
            kept += 1
        }
        if var audio = lastAudioSequenceHeader {
            audio.timestamp = newest
            queue.append(audio)
            kept += 1
        }
        droppedMessages &+= UInt64(max(0, removed - kept))
        shrinkCount &+= 1
        waitingForKeyframe = lastVideoSequenceHeader != nil
        firstQueuedAt = Clock.monotonicMillis()
        resetSpanStart()
        log.warn("consumer: shrinking, size=\(removed), removed=\(removed - kept), max=\(settings.queueLengthMillis)ms")
    }
}
