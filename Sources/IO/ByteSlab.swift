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
/// A borrowed slice (`lender` set, `owner` nil) is kept alive by whoever queued it until the
/// flush that follows; the queue retains its lender (`OutQueue.adoptBorrowed`) only if that
/// flush leaves it unwritten.
public struct OutSlice {
    public private(set) var owner: AnyObject?
    var lender: Unmanaged<AnyObject>?
    public var base: UnsafeRawPointer
    public var count: Int

    public init(owner: AnyObject?, base: UnsafeRawPointer, count: Int) {
        self.owner = owner
        self.base = base
        self.count = count
    }

    init(lender: AnyObject, base: UnsafeRawPointer, count: Int) {
        self.lender = Unmanaged.passUnretained(lender)
        self.base = base
        self.count = count
    }

    /// Takes a reference to the lender (the slice outlives the flush it was queued for).
    @inline(__always)
    mutating func adopt() {
        guard let lender else { return }
        owner = lender.takeUnretainedValue()
        self.lender = nil
    }
}
