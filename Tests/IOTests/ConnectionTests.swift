import Core
import IO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Collects what a connection reports.
final class RecordingDelegate: ConnectionDelegate {
    var received: [UInt8] = []
    var drained = 0
    var closed = false
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) { received += bytes }
    func connectionDidDrain(_ connection: Connection) { drained += 1 }
    func connection(_ connection: Connection, didCloseWith error: (any Error)?) { closed = true }
}

@Suite struct ConnectionTests {
    private func socketPair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        precondition(socketpair(AF_UNIX, type, 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    @Test func largeSharedMessagesSurvivePartialWritesIntact() throws {
        let loop = try EventLoop()
        let (a, b) = socketPair()
        var small: Int32 = 4096
        setsockopt(a, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let sender = try Connection(loop: loop, fd: a, peer: SocketAddress())
        let receiver = try Connection(loop: loop, fd: b, peer: SocketAddress())
        let senderDelegate = RecordingDelegate(), receiverDelegate = RecordingDelegate()
        sender.delegate = senderDelegate
        receiver.delegate = receiverDelegate
        var expected: [UInt8] = []
        let payload = SharedBytes((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for i in 0..<3 {
            sender.enqueueCopy([UInt8(i), 0xFF])
            expected += [UInt8(i), 0xFF]
            sender.enqueue(payload, offset: i * 1000, count: payload.count - i * 1000)
            expected += payload.array((i * 1000)..<payload.count)
        }
        let done = try sender.flush()
        #expect(done == false, "a 9 MiB queue cannot fit a 4 KiB socket buffer")
        let deadline = Clock.monotonicMillis() + 10_000
        while receiverDelegate.received.count < expected.count && Clock.monotonicMillis() < deadline {
            loop.runOnce(maxWait: 10)
        }
        #expect(receiverDelegate.received == expected)
        #expect(senderDelegate.drained == 1)
        #expect(!sender.hasPendingOutput)
        #expect(sender.bytesSent == UInt64(expected.count))
        sender.close()
        receiver.close()
    }

    @Test func peerCloseIsReportedOnce() throws {
        let loop = try EventLoop()
        let (a, b) = socketPair()
        let connection = try Connection(loop: loop, fd: a, peer: SocketAddress())
        let delegate = RecordingDelegate()
        connection.delegate = delegate
        close(b)
        for _ in 0..<5 { loop.runOnce(maxWait: 10) }
        #expect(delegate.closed)
        #expect(connection.isClosed)
    }
}

@Suite struct ConnectionInsertTests {
    @Test func bytesInsertedAtAMarkGoBeforeWhatWasQueuedAfterIt() throws {
        let loop = try EventLoop()
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        let sender = try Connection(loop: loop, fd: fds[0], peer: SocketAddress())
        let receiver = try Connection(loop: loop, fd: fds[1], peer: SocketAddress())
        let delegate = RecordingDelegate()
        receiver.delegate = delegate
        sender.enqueueCopy(Array("A".utf8))
        let mark = sender.markBoundary()
        sender.enqueueCopy(Array("B".utf8))
        sender.enqueue(SharedBytes(Array("S".utf8)))
        sender.enqueueCopy(Array("C".utf8))
        sender.insertCopy(Array("X".utf8), at: mark)
        sender.enqueueCopy(Array("D".utf8))
        #expect(try sender.flush())
        for _ in 0..<5 { loop.runOnce(maxWait: 5) }
        #expect(String(decoding: delegate.received, as: UTF8.self) == "AXBSCD")
        sender.close()
        receiver.close()
    }
}

@Suite struct ConnectionSlabMergeTests {
    /// Adjacent slab writes share one slice (one iovec); a shared payload, a boundary mark and a
    /// drained queue each start a new one; the bytes on the wire keep their order.
    @Test func adjacentSlabWritesMergeAndEverythingElseStartsASlice() throws {
        let loop = try EventLoop()
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        let sender = try Connection(loop: loop, fd: fds[0], peer: SocketAddress())
        let receiver = try Connection(loop: loop, fd: fds[1], peer: SocketAddress())
        let delegate = RecordingDelegate()
        receiver.delegate = delegate
        sender.enqueueCopy(Array("ab".utf8))
        sender.enqueueCopy(Array("cd".utf8))
        #expect(sender.queuedSlices == 1)
        sender.enqueue(SharedBytes(Array("XY".utf8)))
        sender.enqueueCopy(Array("ef".utf8))
        #expect(sender.queuedSlices == 3)
        _ = sender.markBoundary()
        sender.enqueueCopy(Array("gh".utf8))
        sender.enqueueCopy(Array("ij".utf8))
        #expect(sender.queuedSlices == 4)
        #expect(try sender.flush())
        sender.enqueueCopy(Array("kl".utf8))
        #expect(sender.queuedSlices == 1, "a drained queue starts afresh, even in the same slab")
        #expect(try sender.flush())
        let deadline = Clock.monotonicMillis() + 5_000
        while delegate.received.count < 14 && Clock.monotonicMillis() < deadline { loop.runOnce(maxWait: 10) }
        #expect(String(decoding: delegate.received, as: UTF8.self) == "abcdXYefghijkl")
        sender.close()
        receiver.close()
    }
}

@Suite struct ConnectionRetiredSlabTests {
    /// Headers fill many slabs while the socket is full; the slices point into slabs that were
    /// replaced (the connection keeps them until the queue drains): every byte arrives in order.
    @Test func slabBytesQueuedAcrossManySlabsSurviveABlockedSocket() throws {
        let loop = try EventLoop()
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        var small: Int32 = 4096
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let sender = try Connection(loop: loop, fd: fds[0], peer: SocketAddress())
        let receiver = try Connection(loop: loop, fd: fds[1], peer: SocketAddress())
        let delegate = RecordingDelegate()
        receiver.delegate = delegate
        var expected: [UInt8] = []
        let payload = SharedBytes((0..<700).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        for i in 0..<3000 {
            let header = [UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8), 0xC6]
            sender.enqueueCopy(header)
            expected += header
            sender.enqueue(payload, offset: i % 100, count: 600)
            expected += payload.array((i % 100)..<(i % 100 + 600))
            if i % 500 == 0 { _ = try sender.flush() }
        }
        _ = try sender.flush()
        let deadline = Clock.monotonicMillis() + 10_000
        while delegate.received.count < expected.count && Clock.monotonicMillis() < deadline {
            loop.runOnce(maxWait: 10)
        }
        #expect(delegate.received.count == expected.count)
        #expect(delegate.received == expected)
        #expect(!sender.hasPendingOutput)
        sender.close()
        receiver.close()
    }
}
