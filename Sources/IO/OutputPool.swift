/// The loop's spare output storage. A connection holds an output queue and a slab for its small
/// bytes only from its first queued slice until the flush that drains them; then both come back
/// here for the next connection that writes. Between two merged writes, thousands of idle
/// players therefore own neither (a few kB each otherwise, grown by their largest batch), while
/// a player whose socket is full keeps its own until it drains. Loop thread only.
public final class OutputPool {
    private var queues: [OutQueue] = []
    private var slabs: [ByteSlab] = []
    /// Spares kept of each kind: writes are synchronous, so a loop rarely needs more than one.
    static let maxSpares = 8

    init() {}

    /// An empty queue with the capacity of earlier batches (an empty one when none is spare).
    @inline(__always)
    func takeQueue() -> OutQueue {
        queues.popLast() ?? OutQueue()
    }

    /// Takes back a drained queue's storage; the caller is left with an empty queue that owns none.
    @inline(__always)
    func giveBack(_ queue: inout OutQueue) {
        if queues.count < OutputPool.maxSpares {
            queues.append(queue)
        }
        queue = OutQueue()
    }

    /// A slab of `Connection.slabSize` bytes, reset.
    @inline(__always)
    func takeSlab(capacity: Int) -> ByteSlab {
        slabs.popLast() ?? ByteSlab(capacity: capacity)
    }

    /// Takes back a slab no queued slice refers to any more.
    @inline(__always)
    func giveBack(_ slab: ByteSlab) {
        guard slabs.count < OutputPool.maxSpares else { return }
        slab.used = 0
        slabs.append(slab)
    }
}
