import Codec

/// The packets a source has sent its consumers and not every consumer has taken yet.
///
/// A packet is stored here once per source instead of once per player: each consumer keeps a
/// sequence number (its cursor) and reads from the ring when it writes. The source trims the
/// ring up to its slowest consumer after each packet, so the ring holds what the most backlogged
/// player still needs — the same packets the per-player queues held before, without N copies
/// and N reference counts. Sequence numbers never repeat for the life of the source.
///
/// Each packet also gets a point on a monotonic timeline (the `full` jitter rule applied once,
/// at the source): queue spans measured on it ignore the publisher's timestamp jumps, as spans of
/// jitter-corrected timestamps did.
public final class PacketRing {
    private var packets = ContiguousArray<MediaPacket>()
    private var timeline = ContiguousArray<Int64>()
    /// Index in the arrays of the oldest packet kept.
    private var head = 0
    /// Sequence number of the oldest packet kept (`packets[head]`).
    public private(set) var start: UInt64 = 0
    private var clock = JitterCorrector(mode: .full)
    /// Timeline point of the newest A/V packet (scripts share their predecessor's).
    public private(set) var lastTime: Int64 = 0
    /// The newest sequence headers appended (a shrunk consumer restarts from them).
    public private(set) var videoSequenceHeader: MediaPacket?
    public private(set) var audioSequenceHeader: MediaPacket?
    /// Trimmed slots kept before the arrays are compacted.
    static let compactAfter = 256

    public init() {}

    /// Sequence number the next packet gets.
    public var end: UInt64 { start + UInt64(packets.count - head) }
    public var count: Int { packets.count - head }

    public func append(_ packet: MediaPacket) {
        if packet.kind != .script { lastTime = clock.correct(packet.timestamp, isAV: true) }
        if packet.isSequenceHeader { remember(packet) }
        packets.append(packet)
        timeline.append(lastTime)
    }

    /// Keeps a sequence header for shrunk consumers (also those sent while nobody played).
    public func remember(_ header: MediaPacket) {
        if header.kind == .video { videoSequenceHeader = header } else if header.kind == .audio { audioSequenceHeader = header }
    }

    /// The packet with sequence number `sequence` (start ..< end).
    @inline(__always)
    public subscript(sequence: UInt64) -> MediaPacket {
        packets[head + Int(sequence - start)]
    }

    /// Copies the bits of packet `sequence` (start ..< end) to `slot` without retaining its
    /// payload: the copy is a view, valid while the ring keeps the packet, and must never be
    /// deinitialized (see `Consumer.takeBorrowed`).
    @inline(__always)
    func copyBits(of sequence: UInt64, to slot: UnsafeMutablePointer<MediaPacket>) {
        let index = head + Int(sequence - start)
        packets.withUnsafeBufferPointer { stored in
            UnsafeMutableRawPointer(slot).copyMemory(from: stored.baseAddress.unsafelyUnwrapped + index,
                                                     byteCount: MemoryLayout<MediaPacket>.size)
        }
    }

    /// The timeline point of packet `sequence`.
    @inline(__always)
    public func time(at sequence: UInt64) -> Int64 {
        timeline[head + Int(sequence - start)]
    }

    /// The first A/V packet with a timestamp > 0 at or after `sequence`, nil when there is none.
    public func firstTimedAV(from sequence: UInt64) -> UInt64? {
        var next = Swift.max(sequence, start)
        while next < end {
            let packet = self[next]
            if packet.kind != .script && packet.timestamp > 0 { return next }
            next += 1
        }
        return nil
    }

    /// Drops the packets before `sequence` (no consumer needs them any more).
    public func trim(before sequence: UInt64) {
        guard sequence > start else { return }
        let drop = Int(Swift.min(sequence, end) - start)
        if drop == count {
            packets.removeAll(keepingCapacity: true)
            timeline.removeAll(keepingCapacity: true)
            head = 0
            start += UInt64(drop)
            return
        }
        // The trimmed payloads are released at the next compaction (a lagging player holds at
        // most `compactAfter` more packets than it needs).
        head += drop
        start += UInt64(drop)
        if head >= PacketRing.compactAfter {
            packets.removeFirst(head)
            timeline.removeFirst(head)
            head = 0
        }
    }
}
