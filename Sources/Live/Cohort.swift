import Codec
import Core

/// Players of one source that drained their queues at the same point of the ring (they wrote
/// in the same loop turn) and share their play settings: SRS's merged-write rule gives all of
/// them the same answer for every later packet, so the fan-out asks it once for the group
/// instead of once per player, and touches the players only when their batch is due.
final class Cohort {
    /// Where every member's queue starts: all of them have taken everything before it.
    let cursor: UInt64
    let settings: PlaySettings
    var members: [Unmanaged<Consumer>] = []
    /// Timeline point of the first timed A/V packet after `cursor` (nil: none yet).
    var spanStart: Int64?
    /// Monotonic ms when the members' queues went from empty to non-empty.
    var firstQueuedAt: Int64 = 0

    init(cursor: UInt64, settings: PlaySettings) {
        self.cursor = cursor
        self.settings = settings
    }

    enum Decision {
        case wait
        case write
        case shrink
    }

    /// The rules of `Consumer.sourceDidAppend` for the group, after `packet` was appended.
    @inline(__always)
    func decide(after packet: MediaPacket, in ring: PacketRing) -> Decision {
        let count = Int(ring.end - cursor)
        if count == 1 { firstQueuedAt = Clock.monotonicMillis() }
        if packet.kind == .script { return count >= Consumer.maxBatch ? .write : .wait }
        if spanStart == nil && packet.timestamp > 0 { spanStart = ring.lastTime }
        let span = ring.lastTime - (spanStart ?? ring.lastTime)
        if span > settings.queueLengthMillis { return .shrink }
        if count >= Consumer.maxBatch || (count > settings.mwMsgs && span >= settings.mwLatencyMillis) { return .write }
        return .wait
    }
}
