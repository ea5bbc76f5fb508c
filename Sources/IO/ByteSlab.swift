/// A fixed block of memory that a connection fills with small per-connection bytes (chunk
/// headers, control messages). Slices of it sit in the output queue; its address never moves.
public final class ByteSlab {
    public let base: UnsafeMutableRawPointer
    public let capacity: Int
    public internal(set) var used = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var remaining: Int { capacity - used }
}

/// A piece of bytes queued for `writev`: a pointer into memory kept alive by `owner`, or, for the
/// connection's own slab bytes (`owner` nil), by the connection, which keeps its slabs until the
/// queue has drained — so the chunk headers between payload slices cost no reference count.
public struct OutSlice {
    public let owner: AnyObject?
    public var base: UnsafeRawPointer
    public var count: Int

    public init(owner: AnyObject?, base: UnsafeRawPointer, count: Int) {
        self.owner = owner
        self.base = base
        self.count = count
    }
}
