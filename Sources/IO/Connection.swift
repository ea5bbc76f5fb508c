import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// What a connection tells its owner. All calls happen on the loop thread.
public protocol ConnectionDelegate: AnyObject {
    /// Bytes arrived; the buffer is only valid during the call.
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer)
    /// The output queue drained after a write had been blocked (flow control resumes).
    func connectionDidDrain(_ connection: Connection)
    /// The connection closed (peer, error or `close`); called exactly once.
    func connection(_ connection: Connection, didCloseWith error: (any Error)?)
}

/// A non-blocking TCP connection with a zero-copy output queue flushed by `writev`, or, made
/// with a `TLSContext`, encrypted by a TLS session (see Connection+TLS.swift): the plain path
/// pays one nil check per event and per flush.
public final class Connection: EventHandler {
    public let fd: Int32
    public let peer: SocketAddress
    /// Unowned(unsafe): the loop outlives every connection on it (it is the process's, and a
    /// connection is only used from its callbacks), and a checked unowned load costs an atomic
    /// pair per use on the write path.
    public unowned(unsafe) let loop: EventLoop
    /// Strong until `close`, which drops it: the delegate (its owner, usually) lives while events
    /// can reach it. Not weak, so a delegate gets no side table and its retains stay on the fast path.
    public var delegate: ConnectionDelegate?

    public private(set) var isClosed = false
    /// The close came with an error (protocol, timeout, kick, a socket failure); false when the
    /// peer left (EOF, connection reset, broken pipe: how most players end).
    public private(set) var closedWithError = false
    public internal(set) var bytesReceived: UInt64 = 0
    public internal(set) var bytesSent: UInt64 = 0
    /// The TLS session of an HTTPS connection (nil: plain TCP).
    let tls: TLSSession?

    var queue = OutQueue()
    private var slab: ByteSlab?
    /// Full slabs that queued slices still point into (slab slices hold no reference): kept
    /// until the queue drains, then lent back with the current one.
    private var retiredSlabs: [ByteSlab] = []
    /// Where the last queued slice ends when it is slab bytes (nil: it is not, or nothing is
    /// queued): the next slab write starting there extends it instead of adding a slice.
    private var slabTail: UnsafeRawPointer?
    var wantsWrite = false
    var readPaused = false
    /// The next slab write starts a slice of its own (see `markBoundary`).
    private var mergeBarrier = false
    static let slabSize = 2048

    public init(loop: EventLoop, fd: Int32, peer: SocketAddress, tls context: TLSContext? = nil) throws {
        self.loop = loop
        self.fd = fd
        self.peer = peer
        tls = try context.map { try TLSSession(context: $0, fd: fd) }
        try loop.register(fd: fd, events: Events.readable | EPOLLRDHUP.rawValue, handler: self)
    }

    /// Bytes waiting in the output queue.
    public var queuedSlices: Int { queue.count }
    public var hasPendingOutput: Bool { !queue.isEmpty || tls?.hasStagedOutput == true }
    /// The connection is encrypted (HTTPS).
    public var isSecure: Bool { tls != nil }
    /// The last flush hit a full socket buffer; writing resumes when the peer drains it.
    public var isWriteBlocked: Bool { wantsWrite }

    // MARK: events

    public func handleEvents(_ events: UInt32) {
        if let tls {
            handleSecureEvents(events, tls)
            return
        }
        if events & (Events.error) != 0 && events & Events.readable == 0 {
            close(IOError("socket", errno: Socket.pendingError(fd)))
            return
        }
        if events & Events.writable != 0 {
            do {
                if try flush() { delegate?.connectionDidDrain(self) }
            } catch {
                close(error)
                return
            }
            if isClosed { return }
        }
        if events & (Events.readable | Events.hangup) != 0 && !readPaused {
            readAvailable()
        }
    }

    private func readAvailable() {
        let buffer = loop.scratch
        for _ in 0..<8 {
            let result: IOResult
            do {
                result = try syscallIO("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            } catch {
                close(error)
                return
            }
            switch result {
            case .processed(0), .eof:
                close(nil)
                return
            case .processed(let n):
                bytesReceived &+= UInt64(n)
                delegate?.connection(self, didRead: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                if isClosed || readPaused || n < buffer.count { return }
            case .wouldBlock:
                return
            }
        }
    }

    /// Stops or resumes reading (back-pressure towards a peer).
    public func setReadPaused(_ paused: Bool) {
        guard !isClosed, paused != readPaused else { return }
        readPaused = paused
        updateInterest()
        if !paused, let tls, tls.hasBufferedInput { resumeBufferedInput() }
    }

    func updateInterest() {
        var mask: UInt32 = EPOLLRDHUP.rawValue
        if !readPaused || tls?.writeWantsRead == true { mask |= Events.readable }
        if wantsWrite || tls?.needsWritable == true { mask |= Events.writable }
        try? loop.modify(fd: fd, events: mask)  // fails only if the fd is already gone; close() follows
    }

    // MARK: output

    /// Queues a shared buffer slice (zero-copy).
    @inline(__always)
    public func enqueue(_ bytes: SharedBytes, offset: Int = 0, count: Int? = nil) {
        let length = count ?? (bytes.count - offset)
        guard length > 0, !isClosed else { return }
        mergeBarrier = false
        slabTail = nil
        if queue.isEmpty { queue = loop.outputPool.takeQueue() }
        queue.append(OutSlice(owner: bytes, base: bytes.base + offset, count: length))
    }

    /// Queues a slice of `bytes` without retaining them: the caller guarantees they stay alive
    /// until its next `flush()`, which it calls before returning to the loop (a player's merged
    /// write: the payloads are held by the source's ring, see `Consumer.takeBorrowed`). That
    /// flush retains whatever it could not write, so a full socket costs a retain per slice
    /// left and a written one none.
    @inline(__always)
    public func enqueueBorrowed(_ bytes: SharedBytes, offset: Int, count length: Int) {
        guard length > 0, !isClosed else { return }
        mergeBarrier = false
        slabTail = nil
        if queue.isEmpty { queue = loop.outputPool.takeQueue() }
        queue.appendBorrowed(bytes, base: bytes.base + offset, count: length)
    }

    /// Writes up to `capacity` bytes of per-connection data through `body` (which returns how
    /// many it wrote) and queues them, merging with the previous slab slice when adjacent.
    /// Nothing here holds the slab across `body` and the merge test compares addresses, so the
    /// common case (a chunk header after a payload slice, or after another header) touches no
    /// reference count: only a new slice retains its slab.
    @inline(__always)
    public func enqueueWriting(capacity: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        guard !isClosed else { return }
        let start = slabSpace(capacity)
        let written = body(start)
        guard written > 0 else { return }
        slab.unsafelyUnwrapped.used += written
        let end = UnsafeRawPointer(start + written)
        if mergeBarrier || slabTail != UnsafeRawPointer(start) || !queue.growLast(by: written) {
            if queue.isEmpty { queue = loop.outputPool.takeQueue() }
            queue.append(OutSlice(owner: nil, base: UnsafeRawPointer(start), count: written))
        }
        slabTail = end
        mergeBarrier = false
    }

    /// Where the next `room` bytes of the current slab start; a fresh slab (from the loop's pool
    /// when it is the standard size; the old one lives on in the slices that point into it) when
    /// the current one is short.
    @inline(__always)
    private func slabSpace(_ room: Int) -> UnsafeMutableRawPointer {
        if let existing = slab {
            if existing.remaining >= room { return existing.base + existing.used }
            if queue.isEmpty {
                giveBack(existing)
            } else {
                retiredSlabs.append(existing)
            }
        }
        let fresh = room <= Connection.slabSize ? loop.outputPool.takeSlab(capacity: Connection.slabSize) : ByteSlab(capacity: room)
        slab = fresh
        slabTail = nil
        return fresh.base + fresh.used
    }

    /// Returns a position in the queue that `insertCopy(_:at:)` can later fill: the next bytes
    /// queued start a slice of their own, so nothing queued after the mark lands before it.
    public func markBoundary() -> Int {
        mergeBarrier = true
        return queue.count
    }

    /// Inserts a copy of small bytes at a position from `markBoundary` (an HTTP chunk-size line
    /// written once the chunk's size is known).
    public func insertCopy(_ bytes: [UInt8], at index: Int) {
        guard !isClosed, !bytes.isEmpty, index <= queue.count else { return }
        let start = slabSpace(bytes.count)
        bytes.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        slab.unsafelyUnwrapped.used += bytes.count
        if queue.isEmpty { queue = loop.outputPool.takeQueue() }
        queue.insert(OutSlice(owner: nil, base: UnsafeRawPointer(start), count: bytes.count), at: index)
        // The slab's next bytes must not merge into this inserted slice.
        mergeBarrier = true
        slabTail = nil
    }

    /// Queues a copy of small bytes (control messages).
    public func enqueueCopy(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        if bytes.count > Connection.slabSize {
            enqueue(SharedBytes(bytes))
            return
        }
        bytes.withUnsafeBytes { source in
            enqueueWriting(capacity: source.count) { target in
                target.copyMemory(from: source.baseAddress!, byteCount: source.count)
                return source.count
            }
        }
    }

    /// Writes as much of the queue as the socket takes. Returns true when the queue is empty.
    @discardableResult
    public func flush() throws -> Bool {
        guard !isClosed else { return true }
        // Whatever stays queued (a full socket, an error) must outlive the borrowers' guarantee.
        defer { if queue.hasBorrowed { queue.adoptBorrowed() } }
        if let tls { return try flushSecure(tls) }
        let iov = loop.iovecs
        while !queue.isEmpty {
            let n = queue.fill(iov)
            let result = try syscallIO("writev") { Glibc.writev(fd, iov.baseAddress, Int32(n)) }
            switch result {
            case .processed(let written):
                bytesSent &+= UInt64(written)
                queue.consume(written)
            case .wouldBlock, .eof:
                if !wantsWrite {
                    wantsWrite = true
                    updateInterest()
                }
                return false
            }
        }
        lendBackOutput()
        if wantsWrite {
            wantsWrite = false
            updateInterest()
        }
        return true
    }

    /// The queue drained: its storage and the slab (when no slice refers to it any more) go
    /// back to the loop's pool, so an idle connection owns no output buffer.
    func lendBackOutput() {
        guard queue.isEmpty else { return }
        loop.outputPool.giveBack(&queue)
        if let current = slab {
            giveBack(current)
            slab = nil
            slabTail = nil
        }
        if !retiredSlabs.isEmpty {
            for retired in retiredSlabs { giveBack(retired) }
            retiredSlabs = []
        }
    }

    /// A slab no queued slice points into goes back to the loop's pool (standard size only).
    private func giveBack(_ slab: ByteSlab) {
        if slab.capacity == Connection.slabSize { loop.outputPool.giveBack(slab) }
    }

    // MARK: closing

    /// Closes the socket (once) and tells the delegate.
    public func close(_ error: (any Error)? = nil) {
        guard !isClosed else { return }
        isClosed = true
        if let error {
            let root = (error as? ContextError)?.root ?? error
            let peerLeft = (root as? IOError).map { $0.errno == ECONNRESET || $0.errno == EPIPE } ?? false
            closedWithError = !peerLeft
        }
        if let tls, error == nil || !(error is TLSError) { tls.shutdown() }
        loop.unregister(fd: fd)
        Glibc.close(fd)
        queue.removeAll()
        lendBackOutput()
        slab = nil
        let delegate = self.delegate
        self.delegate = nil
        delegate?.connection(self, didCloseWith: error)
    }
}
