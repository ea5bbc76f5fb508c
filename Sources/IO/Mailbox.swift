import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Messages for one event loop from any thread (`workers N`): a mutex-guarded list of closures
/// and an eventfd the loop watches. `post` may be called from any thread; the closures run on
/// the owner's loop, in posting order, with the owner (a loop-confined object) as argument — so
/// a message carries only Sendable values and finds everything else on the side that runs it.
///
/// Tested under the thread sanitizer (`make test-tsan`).
public final class Mailbox<Owner: AnyObject>: @unchecked Sendable {
    public typealias Message = @Sendable (Owner) -> Void

    private let eventFD: Int32
    private let lock = Lock()
    private var messages: [Message] = []
    private var closed = false
    /// Set by `open` on the owner's thread, read only there.
    private var handler: MailboxHandler<Owner>?

    public init() throws {
        eventFD = try syscallChecked("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    deinit { Glibc.close(eventFD) }

    /// Starts delivering to `owner` on `loop` (call on the loop's thread). Messages posted before
    /// are delivered at the loop's first turn.
    public func open(loop: EventLoop, owner: Owner) throws {
        let handler = MailboxHandler(mailbox: self, owner: owner)
        try loop.register(fd: eventFD, events: Events.readable, handler: handler)
        self.handler = handler
        wake()
    }

    /// Stops delivering (call on the loop's thread); later posts are dropped.
    public func close(loop: EventLoop) {
        lock.withLock {
            closed = true
            messages.removeAll()
        }
        if handler != nil { loop.unregister(fd: eventFD) }
        handler = nil
    }

    /// Queues a message (any thread). False when the mailbox is closed (the message is dropped).
    @discardableResult
    public func post(_ message: @escaping Message) -> Bool {
        let (accepted, wasEmpty) = lock.withLock { () -> (Bool, Bool) in
            guard !closed else { return (false, false) }
            let wasEmpty = messages.isEmpty
            messages.append(message)
            return (true, wasEmpty)
        }
        if wasEmpty { wake() }
        return accepted
    }

    /// Messages waiting (any thread): a sender's measure of how far behind the owner is.
    public var depth: Int { lock.withLock { messages.count } }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(eventFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Runs what is queued (owner's loop).
    fileprivate func drain(into owner: Owner) {
        var counter: UInt64 = 0
        _ = Glibc.read(eventFD, &counter, MemoryLayout<UInt64>.size)
        let batch = lock.withLock { () -> [Message] in
            let batch = messages
            messages.removeAll(keepingCapacity: true)
            return batch
        }
        for message in batch { message(owner) }
    }
}

/// The loop side of a mailbox: holds the owner weakly-unowned (the owner holds the mailbox).
private final class MailboxHandler<Owner: AnyObject>: EventHandler {
    unowned let mailbox: Mailbox<Owner>
    unowned(unsafe) let owner: Owner

    init(mailbox: Mailbox<Owner>, owner: Owner) {
        self.mailbox = mailbox
        self.owner = owner
    }

    func handleEvents(_ events: UInt32) { mailbox.drain(into: owner) }
}
