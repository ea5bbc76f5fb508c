#if canImport(Glibc)
import Glibc
#endif

/// A connection's output queue: slices in write order, the written ones before `head`.
///
/// Everything that walks or edits queued slices goes through the storage's pointer and touches
/// only the trivial fields (`base`, `count`): building the iovecs of a `writev`, trimming a
/// partly written slice, growing the last slab slice. None of that retains or releases an
/// owner; an owner is released once, when the queue drains (or compacts) after it was written.
/// This is the per-player, per-message path of every fan-out, where Deque's copies of each
/// element cost a retain/release pair per slice per flush.
struct OutQueue {
    private var slices: ContiguousArray<OutSlice> = []
    /// The first slice not yet fully written.
    private var head = 0
    /// Borrowed slices appended since the queue was last empty or adopted.
    private var borrowed = 0
    /// Written slices kept before compacting (their owners are released then, in one pass).
    static let compactAfter = 64

    init() {}

    var count: Int { slices.count - head }
    var isEmpty: Bool { head == slices.count }
    /// Storage reserved (for the spare pool).
    var capacity: Int { slices.capacity }

    @inline(__always)
    mutating func append(_ slice: OutSlice) {
        slices.append(slice)
    }

    /// Appends a borrowed slice (see `OutSlice`): the caller keeps `lender` alive until the
    /// next `adoptBorrowed` or until the slice is written.
    @inline(__always)
    mutating func appendBorrowed(_ lender: AnyObject, base: UnsafeRawPointer, count: Int) {
        slices.append(OutSlice(lender: lender, base: base, count: count))
        borrowed += 1
    }

    var hasBorrowed: Bool { borrowed > 0 }

    /// Retains the lenders of the borrowed slices still unwritten (a flush that left bytes
    /// queued: they outlive the caller's guarantee). Written ones are dropped as they are.
    mutating func adoptBorrowed() {
        guard borrowed > 0 else { return }
        let start = head
        slices.withUnsafeMutableBufferPointer { buffer in
            for i in start..<buffer.count { buffer[i].adopt() }
        }
        borrowed = 0
    }

    /// Grows the last slice by `count` bytes (the caller knows they follow it in the same
    /// slab). Returns false when there is no slice to grow.
    @inline(__always)
    mutating func growLast(by count: Int) -> Bool {
        guard !isEmpty else { return false }
        let last = slices.count - 1
        slices.withUnsafeMutableBufferPointer { $0[last].count += count }
        return true
    }

    /// Inserts at `index` counted from the first unwritten slice (0 ... count).
    mutating func insert(_ slice: OutSlice, at index: Int) {
        precondition(index >= 0 && index <= count, "OutQueue.insert: index \(index) outside 0...\(count)")
        slices.insert(slice, at: head + index)
    }

    /// Fills `iovecs` with the unwritten slices, at most `iovecs.count`; returns how many.
    @inline(__always)
    func fill(_ iovecs: UnsafeMutableBufferPointer<iovec>) -> Int {
        let n = Swift.min(count, iovecs.count)
        let start = head
        slices.withUnsafeBufferPointer { buffer in
            for i in 0..<n {
                iovecs[i] = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer[start + i].base),
                                  iov_len: buffer[start + i].count)
            }
        }
        return n
    }

    /// The first unwritten bytes (TLS staging copies them), nil when empty.
    var first: (base: UnsafeRawPointer, count: Int)? {
        guard !isEmpty else { return nil }
        let start = head
        return slices.withUnsafeBufferPointer { ($0[start].base, $0[start].count) }
    }

    /// Marks `written` bytes from the front as written: whole slices move behind `head`, a
    /// partly written one is trimmed in place.
    mutating func consume(_ written: Int) {
        var left = written
        var next = head
        let end = slices.count
        slices.withUnsafeMutableBufferPointer { buffer in
            while left > 0 && next < end {
                let size = buffer[next].count
                if size <= left {
                    left -= size
                    next += 1
                } else {
                    buffer[next].base += left
                    buffer[next].count = size - left
                    left = 0
                }
            }
        }
        head = next
        if head == slices.count {
            removeAll()
        } else if head >= OutQueue.compactAfter && head * 2 >= slices.count {
            slices.removeFirst(head)
            head = 0
        }
    }

    /// Drops every slice (written or not), keeping the storage.
    mutating func removeAll() {
        slices.removeAll(keepingCapacity: true)
        head = 0
        borrowed = 0
    }
}
