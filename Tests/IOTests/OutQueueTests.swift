#if canImport(Glibc)
import Glibc
#endif
@testable import IO
import Testing

@Suite struct OutQueueTests {
    /// An owner whose deinit is observable: the queue must release it exactly when it is written.
    final class Owner {
        let base: UnsafeMutableRawPointer
        let count: Int
        var onDeinit: () -> Void = {}
        init(_ bytes: [UInt8]) {
            count = bytes.count
            base = .allocate(byteCount: max(1, bytes.count), alignment: 1)
            bytes.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        }
        deinit {
            onDeinit()
            base.deallocate()
        }
        var slice: OutSlice { OutSlice(owner: self, base: UnsafeRawPointer(base), count: count) }
    }

    private func bytes(in queue: OutQueue) -> [UInt8] {
        let iov = UnsafeMutableBufferPointer<iovec>.allocate(capacity: 1024)
        defer { iov.deallocate() }
        let n = queue.fill(iov)
        var out: [UInt8] = []
        for i in 0..<n {
            out += UnsafeRawBufferPointer(start: iov[i].iov_base, count: iov[i].iov_len)
        }
        return out
    }

    @Test func fillListsUnwrittenSlicesInOrder() {
        var queue = OutQueue()
        let a = Owner([1, 2, 3]), b = Owner([4, 5])
        queue.append(a.slice)
        queue.append(b.slice)
        #expect(queue.count == 2)
        #expect(bytes(in: queue) == [1, 2, 3, 4, 5])
    }

    @Test func fillStopsAtTheIovecCount() {
        var queue = OutQueue()
        let owners = (0..<5).map { Owner([UInt8($0)]) }
        for owner in owners { queue.append(owner.slice) }
        let iov = UnsafeMutableBufferPointer<iovec>.allocate(capacity: 3)
        defer { iov.deallocate() }
        #expect(queue.fill(iov) == 3)
    }

    /// Every split of a write — mid-slice, on a boundary, several slices at once — leaves exactly
    /// the unwritten bytes, in order.
    @Test func consumeAtEveryByte() {
        let parts: [[UInt8]] = [[1, 2, 3], [4], [5, 6, 7, 8], [9, 10]]
        let all = parts.flatMap { $0 }
        for first in 0...all.count {
            for second in 0...(all.count - first) {
                var queue = OutQueue()
                let owners = parts.map { Owner($0) }
                for owner in owners { queue.append(owner.slice) }
                queue.consume(first)
                #expect(bytes(in: queue) == Array(all[first...]), "after \(first)")
                queue.consume(second)
                #expect(bytes(in: queue) == Array(all[(first + second)...]), "after \(first)+\(second)")
                #expect(queue.isEmpty == (first + second == all.count))
            }
        }
    }

    @Test func ownersAreReleasedOnceTheQueueDrains() {
        var queue = OutQueue()
        var released = 0
        do {
            let a = Owner([1, 2]), b = Owner([3])
            a.onDeinit = { released += 1 }
            b.onDeinit = { released += 1 }
            queue.append(a.slice)
            queue.append(b.slice)
        }
        queue.consume(2)
        #expect(released == 0, "written slices wait for the drain (or a compaction)")
        queue.consume(1)
        #expect(released == 2)
        #expect(queue.isEmpty)
    }

    @Test func compactionReleasesWrittenOwnersOfALongQueue() {
        var queue = OutQueue()
        var released = 0
        let total = OutQueue.compactAfter * 2
        do {
            for i in 0..<total {
                let owner = Owner([UInt8(truncatingIfNeeded: i)])
                owner.onDeinit = { released += 1 }
                queue.append(owner.slice)
            }
        }
        queue.consume(OutQueue.compactAfter + 1)
        #expect(released == OutQueue.compactAfter + 1)
        #expect(queue.count == total - OutQueue.compactAfter - 1)
        #expect(bytes(in: queue).first == UInt8(truncatingIfNeeded: OutQueue.compactAfter + 1))
    }

    @Test func growLastNeedsASliceToGrow() {
        var queue = OutQueue()
        let slab = Owner([1, 2, 3, 4])
        let onEmpty = queue.growLast(by: 1)
        #expect(!onEmpty, "empty queue")
        queue.append(OutSlice(owner: slab, base: UnsafeRawPointer(slab.base), count: 2))
        let grown = queue.growLast(by: 2)
        #expect(grown)
        #expect(queue.count == 1)
        #expect(bytes(in: queue) == [1, 2, 3, 4])
    }

    @Test func insertCountsFromTheFirstUnwrittenSlice() {
        var queue = OutQueue()
        let a = Owner([1, 2]), b = Owner([3]), c = Owner([7])
        queue.append(a.slice)
        queue.append(b.slice)
        queue.consume(1)
        queue.insert(c.slice, at: 1)
        #expect(bytes(in: queue) == [2, 7, 3])
        #expect(queue.first.map { $0.count } == 1)
    }
}

@Suite struct OutQueueBorrowedTests {
    typealias Owner = OutQueueTests.Owner

    @Test func borrowedSlicesAreNotRetainedUntilAdopted() {
        var queue = OutQueue()
        var released = 0
        var keep: Owner? = Owner([1, 2, 3])
        keep!.onDeinit = { released += 1 }
        queue.appendBorrowed(keep!, base: UnsafeRawPointer(keep!.base), count: 3)
        #expect(queue.hasBorrowed)
        queue.adoptBorrowed()
        #expect(!queue.hasBorrowed)
        keep = nil
        #expect(released == 0, "adopted: the queue holds it")
        queue.consume(3)
        #expect(released == 1, "written and drained: released")
    }

    @Test func adoptionSkipsWrittenSlices() {
        var queue = OutQueue()
        var released: [Int] = []
        do {
            let a = Owner([1, 2]), b = Owner([3, 4])
            a.onDeinit = { released.append(1) }
            b.onDeinit = { released.append(2) }
            queue.appendBorrowed(a, base: UnsafeRawPointer(a.base), count: 2)
            queue.appendBorrowed(b, base: UnsafeRawPointer(b.base), count: 2)
            queue.consume(3)  // a written, b half
            queue.adoptBorrowed()
        }
        #expect(released == [1], "the written lender was not retained; the unwritten one was")
        queue.consume(1)
        #expect(released == [1, 2])
        #expect(queue.isEmpty)
    }
}
