import Codec
import Core
import DequeModule

/// Who drains a consumer: an RTMP player, an HTTP-FLV response, an edge forwarder.
public protocol ConsumerSink: AnyObject {
    /// The consumer has enough queued to be worth a write (merged-write rules), or it was just
    /// attached and holds the initial dump. Called at most once until `Consumer.take` runs.
    /// It is called in the middle of the source's fan-out: it must not take, detach or attach
    /// there (every sink defers its write to the end of the loop turn).
    func consumerIsReady(_ consumer: Consumer)
}

/// One player's view of its source: a cursor into the source's `PacketRing` (what the source
/// sent since this player last wrote) and a small private queue for what only this player gets
/// (the initial dump, the sequence headers a shrink restarts from). Jitter correction and the
/// resume-at-keyframe filter run as packets are taken, in the order they were sent, so the
/// timestamps are the ones a per-player queue corrected at enqueue time produced. SRS's
/// merged-write and slow-consumer rules are decided per packet from integers only: handing one
/// packet to N players copies and retains nothing per player.
public final class Consumer {
    /// Strong, not weak: the sink and its consumer keep each other until `LiveSource.detach`
    /// drops this reference (every sink detaches when it stops). A weak reference gave every
    /// player object a side table, which made all its retains and releases the slow kind and
    /// cost a weak load per notification.
    public var sink: ConsumerSink?
    public private(set) var settings: PlaySettings
    /// Messages dropped because the player fell behind (visible in the API).
    public private(set) var droppedMessages: UInt64 = 0
    /// Times the queue was shrunk.
    public private(set) var shrinkCount: UInt64 = 0
    public var paused = false {
        didSet { if paused && cohort != nil { fanout.loosen(self) } }
    }
    /// Monotonic ms when the queue last went from empty to non-empty (merged-write timeout).
    public var firstQueuedAt: Int64 { cohort?.firstQueuedAt ?? ownFirstQueuedAt }
    private var ownFirstQueuedAt: Int64 = 0

    /// The source's fan-out (its ring and groups); strong, so a consumer drained after its
    /// source went away still reads safely (and finds nothing).
    let fanout: Fanout
    /// The source's packets; this consumer's start in it is `cursor`.
    let ring: PacketRing
    /// The group this consumer drained with (nil: checked alone); see `Cohort`.
    private(set) var cohort: Cohort?
    /// Position in the fan-out's list of consumers checked alone (-1: not in it).
    var looseIndex = -1
    /// Sequence number of the next ring packet this consumer takes.
    private(set) var cursor: UInt64
    /// Jitter-corrected packets taken before the ring's (initial dump, shrink's headers).
    private var own = Deque<MediaPacket>()
    /// Packets of `own` handed out by the last `takeBorrowed` (their payloads may be queued
    /// borrowed on a connection until its flush); dropped at the next take.
    private var lent: ContiguousArray<MediaPacket> = []
    /// Timeline point of the first queued A/V packet in the ring (nil: none): the start of the
    /// queue's span, kept so the per-packet fan-out never scans anything.
    private var spanStart: Int64?

    private var jitter: JitterCorrector
    private var notified = false
    private var waitingForKeyframe = false
    /// SRS compat: a merged write carries at most 128 messages.
    public static let maxBatch = 128

    init(settings: PlaySettings, sink: ConsumerSink?, fanout: Fanout) {
        self.settings = settings
        self.sink = sink
        self.fanout = fanout
        ring = fanout.ring
        cursor = ring.end
        jitter = JitterCorrector(mode: settings.jitter)
    }

    /// Applies reloaded play settings (jitter mode changes take effect for new timestamps).
    public func update(settings: PlaySettings) {
        if settings.jitter != self.settings.jitter { jitter = JitterCorrector(mode: settings.jitter) }
        self.settings = settings
    }

    /// Ring packets waiting for this consumer (none once it fell out of the ring: detached).
    @inline(__always)
    private var ringCount: Int { cursor >= ring.start ? Int(ring.end - cursor) : 0 }

    public var count: Int { own.count + ringCount }
    public var isEmpty: Bool { own.isEmpty && ringCount == 0 }

    /// What is queued, oldest first, without taking it (a muxer deciding whether to start). The
    /// ring's packets carry the publisher's timestamps here; `take` corrects them.
    public var queued: [MediaPacket] {
        var out = Array(own)
        if cursor >= ring.start {
            var next = cursor
            while next < ring.end {
                out.append(ring[next])
                next += 1
            }
        }
        return out
    }

    /// The source appended `packet` to the ring (the fan-out, once per packet per consumer):
    /// SRS's merged-write and shrink rules on the queue's count and span.
    @inline(__always)
    func sourceDidAppend(_ packet: MediaPacket) {
        let count = self.count
        if count == 1 { ownFirstQueuedAt = Clock.monotonicMillis() }
        if packet.kind == .script {
            if !notified && (settings.minLatency || count >= Consumer.maxBatch) { notify() }
            return
        }
        // SRS compat: timestamp 0 does not start the span (sequence headers at 0 before media
        // with real timestamps); measured on the ring's timeline, so jumps count as one frame.
        if spanStart == nil && packet.timestamp > 0 { spanStart = ring.lastTime }
        let queued = ring.lastTime - (spanStart ?? ring.lastTime)
        if queued > settings.queueLengthMillis {
            shrink()
        } else if !notified && !paused && wantsWrite(count: count, span: queued) {
            notify()
        }
    }

    /// The merged-write rule (SRS's mw_msgs / mw_latency): write when more than `mw_msgs`
    /// messages span at least `mw_latency`, at once with min_latency, and at 128 messages.
    @inline(__always)
    private func wantsWrite(count: Int, span: Int64) -> Bool {
        settings.minLatency || count >= Consumer.maxBatch
            || (count > settings.mwMsgs && span >= settings.mwLatencyMillis)
    }

    /// Recomputes `spanStart` after the cursor moved.
    private func resetSpanStart() {
        spanStart = ring.firstTimedAV(from: cursor).map { ring.time(at: $0) }
    }

    /// Queues the initial dump (metadata, sequence headers, GOP) and wakes the sink at once so
    /// the first frame goes out without the merged-write wait.
    func enqueueInitial(_ packets: [MediaPacket]) {
        for packet in packets { queueOwn(packet) }
        if !own.isEmpty { ownFirstQueuedAt = Clock.monotonicMillis() }
        if !isEmpty && !notified { notify() }
    }

    /// Appends `packet` to this consumer's own queue, jitter-corrected (in arrival order).
    private func queueOwn(_ packet: MediaPacket) {
        var packet = packet
        packet.timestamp = jitter.correct(packet.timestamp, isAV: packet.kind != .script)
        own.append(packet)
    }

    private func notify() {
        notified = true
        sink?.consumerIsReady(self)
    }

    /// Removes up to `max` packets for writing and re-arms the ready notification. `body` gets
    /// its own copy of each packet and may do anything with it (keep it, detach this consumer).
    public func take(max: Int = Consumer.maxBatch, into body: (MediaPacket) -> Void) {
        beginTake()
        var n = 0
        while n < max, let packet = own.popFirst() {
            body(packet)
            n += 1
        }
        while n < max && cursor < ring.end {
            var packet = ring[cursor]
            cursor += 1
            guard admit(&packet) else { continue }
            body(packet)
            n += 1
        }
        endTake()
    }

    /// `take` without a reference count per packet, for a sink that only queues the packets'
    /// bytes on a connection and flushes it before returning to the loop (the players' merged
    /// write). Each packet `body` sees is a view of the ring's copy (its timestamp corrected),
    /// and every packet taken stays alive until this consumer's next take or detach: the ring
    /// is trimmed only by the source's next packet or a detach, and packets of the consumer's
    /// own queue are kept in `lent`. So a connection may queue their payloads borrowed
    /// (`Connection.enqueueBorrowed`): its flush retains what it could not write. `body` must
    /// not detach this consumer or feed its source; a copy it keeps is an ordinary copy.
    public func takeBorrowed(max: Int = Consumer.maxBatch, into body: (MediaPacket) -> Void) {
        beginTake()
        var n = 0
        while n < max, let packet = own.popFirst() {
            body(packet)
            lent.append(packet)
            n += 1
        }
        if n < max && cursor < ring.end {
            withUnsafeTemporaryAllocation(of: MediaPacket.self, capacity: 1) { slot in
                // A bit copy of the ring's packet that is never deinitialized: it holds the
                // payload at +0, which the ring's own copy keeps alive.
                let view = slot.baseAddress.unsafelyUnwrapped
                while n < max && cursor < ring.end {
                    ring.copyBits(of: cursor, to: view)
                    cursor += 1
                    guard admit(&view.pointee) else { continue }
                    // Moved out and back: passing `view.pointee` itself would retain it for the call.
                    let packet = view.move()
                    body(packet)
                    view.initialize(to: consume packet)
                    n += 1
                }
            }
        }
        endTake()
    }

    @inline(__always)
    private func beginTake() {
        if cohort != nil { fanout.loosen(self) }  // taking before the group's batch is due
        notified = false
        if !lent.isEmpty { lent = [] }
        if cursor < ring.start { cursor = ring.start }  // detached: the source went on without it
    }

    /// Corrects the timestamp of a ring packet being taken and applies the resume-at-keyframe
    /// filter (false: dropped).
    @inline(__always)
    private func admit(_ packet: inout MediaPacket) -> Bool {
        packet.timestamp = jitter.correct(packet.timestamp, isAV: packet.kind != .script)
        if waitingForKeyframe && packet.kind != .script && !packet.isSequenceHeader {
            if packet.kind == .video && packet.isKeyframe {
                waitingForKeyframe = false
            } else {
                droppedMessages &+= 1
                return false
            }
        }
        return true
    }

    @inline(__always)
    private func endTake() {
        if !isEmpty { ownFirstQueuedAt = Clock.monotonicMillis() }
        if own.isEmpty { own = Deque() }
        resetSpanStart()
        if looseIndex >= 0 && isEmpty { fanout.regroup(self) }
    }

    // MARK: cohorts

    /// Whether this consumer may be checked with a group: nothing of its own queued, not
    /// paused, not waiting for a write, and not in low-latency mode (it writes every packet).
    var canJoinCohort: Bool { own.isEmpty && !paused && !notified && !settings.minLatency }

    func join(_ cohort: Cohort) {
        self.cohort = cohort
        spanStart = nil
    }

    /// Goes on alone from the group's state.
    func leave(_ cohort: Cohort) {
        guard self.cohort === cohort else { return }
        spanStart = cohort.spanStart
        ownFirstQueuedAt = cohort.firstQueuedAt
        self.cohort = nil
    }

    /// An audio player without fast cache: a pulled copy's first batch gives it only its
    /// metadata and sequence headers (`LiveSource.feedReplay`).
    var startsAtLiveEdge = false

    /// Skips the ring packets from `from` on, except metadata and sequence headers, which move
    /// to this consumer's own queue (jitter-corrected in order, as `enqueueInitial` does).
    func skipReplay(from: UInt64) {
        if cursor < ring.start { cursor = ring.start }
        guard cursor < ring.end else { return }
        if cohort != nil { fanout.loosen(self) }
        var next = cursor
        while next < ring.end {
            let packet = ring[next]
            if next < from || packet.kind == .script || packet.isSequenceHeader { queueOwn(packet) }
            next += 1
        }
        cursor = ring.end
        if !own.isEmpty { ownFirstQueuedAt = Clock.monotonicMillis() }
        resetSpanStart()
    }

    /// The merged-write timeout of a consumer checked alone (`Fanout.wakeLate`).
    @inline(__always)
    func wakeIfLate(now: Int64) {
        guard !notified, !paused, !isEmpty, now - ownFirstQueuedAt >= settings.mwLatencyMillis else { return }
        notify()
    }

    /// The group's batch is due.
    func cohortIsDue() {
        if !notified { notify() }
    }

    /// The group fell behind `queue_length`.
    func cohortIsBehind() { shrink() }

    /// Re-arms the ready notification without taking anything (a sink that is not ready to
    /// start yet wants to hear about the next packets).
    public func rearm() { notified = false }

    /// SRS's slow-consumer policy: drop everything queued but the latest sequence headers
    /// (re-stamped to the newest timestamp), then resume at the next keyframe.
    private func shrink() {
        let removed = count
        // The dropped packets still move the jitter corrector, as if they had been queued.
        var newest = own.last?.timestamp ?? 0
        if cursor < ring.start { cursor = ring.start }
        while cursor < ring.end {
            let packet = ring[cursor]
            newest = jitter.correct(packet.timestamp, isAV: packet.kind != .script)
            cursor += 1
        }
        own.removeAll()
        var kept = 0
        if let header = ring.videoSequenceHeader {
            own.append(MediaPacket(restamped: header, to: newest))
            kept += 1
        }
        if let header = ring.audioSequenceHeader {
            own.append(MediaPacket(restamped: header, to: newest))
            kept += 1
        }
        droppedMessages &+= UInt64(Swift.max(0, removed - kept))
        shrinkCount &+= 1
        waitingForKeyframe = ring.videoSequenceHeader != nil
        ownFirstQueuedAt = Clock.monotonicMillis()
        spanStart = nil
        log.warn("consumer: shrinking, size=\(removed), removed=\(removed - kept), max=\(settings.queueLengthMillis)ms")
    }
}

extension MediaPacket {
    /// The same packet at another timestamp.
    init(restamped packet: MediaPacket, to timestamp: Int64) {
        self = packet
        self.timestamp = timestamp
    }
}
