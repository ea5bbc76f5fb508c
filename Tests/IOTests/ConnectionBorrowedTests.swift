import Core
import IO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `enqueueBorrowed`: the queue holds no reference to what it was lent, and retains what a flush
/// could not write — so the caller's guarantee has to last until its flush only.
@Suite struct ConnectionBorrowedTests {
    private func pair(sendBuffer: Int32? = nil) -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        if var size = sendBuffer {
            setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return (fds[0], fds[1])
    }

    @Test func aWrittenBorrowedSliceHoldsNoReference() throws {
        let loop = try EventLoop()
        let (a, b) = pair()
        let sender = try Connection(loop: loop, fd: a, peer: SocketAddress())
        let receiver = try Connection(loop: loop, fd: b, peer: SocketAddress())
        let delegate = RecordingDelegate()
        receiver.delegate = delegate
        weak var gone: SharedBytes?
        do {
            let payload = SharedBytes(Array("borrowed".utf8))
            gone = payload
            sender.enqueueCopy(Array("<".utf8))
            sender.enqueueBorrowed(payload, offset: 0, count: payload.count)
            sender.enqueueCopy(Array(">".utf8))
            #expect(try sender.flush())
        }
        #expect(gone == nil, "written: the queue kept no reference")
        let deadline = Clock.monotonicMillis() + 5_000
        while delegate.received.count < 10 && Clock.monotonicMillis() < deadline { loop.runOnce(maxWait: 10) }
        #expect(String(decoding: delegate.received, as: UTF8.self) == "<borrowed>")
        sender.close()
        receiver.close()
    }

    /// A full socket: the flush adopts what is left, the lender lives on after its caller let it
    /// go, and every byte arrives in order; once drained, nothing holds it.
    @Test func whatAFlushCannotWriteIsRetainedAndArrivesIntact() throws {
        let loop = try EventLoop()
        let (a, b) = pair(sendBuffer: 4096)
        let sender = try Connection(loop: loop, fd: a, peer: SocketAddress())
        let receiver = try Connection(loop: loop, fd: b, peer: SocketAddress())
        let delegate = RecordingDelegate()
        receiver.delegate = delegate
        var expected: [UInt8] = []
        weak var gone: SharedBytes?
        do {
            let payload = SharedBytes((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 13) })
            gone = payload
            for i in 0..<4 {
                sender.enqueueCopy([UInt8(i), 0xEE])
                expected += [UInt8(i), 0xEE]
                sender.enqueueBorrowed(payload, offset: i * 100, count: payload.count - i * 100)
                expected += payload.array((i * 100)..<payload.count)
            }
            #expect(try sender.flush() == false, "4 MiB cannot fit a 4 KiB socket buffer")
        }
        #expect(gone != nil, "the unwritten slices keep the payload alive")
        let deadline = Clock.monotonicMillis() + 10_000
        while delegate.received.count < expected.count && Clock.monotonicMillis() < deadline {
            loop.runOnce(maxWait: 10)
        }
        #expect(delegate.received == expected)
        #expect(!sender.hasPendingOutput)
        #expect(gone == nil, "drained: released")
        sender.close()
        receiver.close()
    }

    @Test func closingWithBorrowedSlicesQueuedReleasesNothingItDidNotRetain() throws {
        let loop = try EventLoop()
        let (a, b) = pair()
        let sender = try Connection(loop: loop, fd: a, peer: SocketAddress())
        let payload = SharedBytes(Array("x".utf8))
        weak var gone: SharedBytes?
        gone = payload
        sender.enqueueBorrowed(payload, offset: 0, count: 1)
        sender.close()
        #expect(gone != nil, "the caller's reference is untouched")
        withExtendedLifetime(payload) {}
        close(b)
    }
}
