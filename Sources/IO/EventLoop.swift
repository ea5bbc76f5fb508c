import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Something that owns a file descriptor registered with the loop.
public protocol EventHandler: AnyObject {
    /// Called on the loop thread with the epoll event bits that fired.
    func handleEvents(_ events: UInt32)
}

/// epoll event bits as plain integers.
public enum Events {
    public static let readable = EPOLLIN.rawValue
    public static let writable = EPOLLOUT.rawValue
    public static let hangup = EPOLLHUP.rawValue | EPOLLRDHUP.rawValue
    public static let error = EPOLLERR.rawValue
}

/// The single-threaded epoll loop: sockets, timers, signals and inotify are all fds here.
///
/// Confined to the thread that calls `run()`. No locks, no Sendable: nothing crosses threads.
public final class EventLoop {
    private let epfd: Int32
    private var handlers: [EventHandler?] = []
    private var timers = TimerHeap()
    private var deferred: [() -> Void] = []
    /// Objects to run at the end of this iteration (`schedule`): players' merged writes.
    private var tasks: [any DeferredTask] = []
    private var spareTasks: [any DeferredTask] = []
    private var running = false
    private var events: UnsafeMutableBufferPointer<epoll_event>

    /// A scratch buffer any handler may use during one callback (never across callbacks).
    public let scratch: UnsafeMutableRawBufferPointer
    /// Scratch iovecs for `writev`, shared by all connections of this loop.
    public let iovecs: UnsafeMutableBufferPointer<iovec>
    public static let maxIovecs = 1024
    /// Output queues and slabs lent to connections while they write (see `OutputPool`).
    public let outputPool = OutputPool()

    /// The loop's notion of now (monotonic ms), refreshed once per iteration.
    public private(set) var now: Int64 = Clock.monotonicMillis()

    public init() throws {
        epfd = try syscallChecked("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        events = .allocate(capacity: 1024)
        scratch = .allocate(byteCount: 256 * 1024, alignment: 16)
        iovecs = .allocate(capacity: EventLoop.maxIovecs)
    }

    deinit {
        close(epfd)
        events.deallocate()
        scratch.deallocate()
        iovecs.deallocate()
    }

    // MARK: file descriptors

    /// Registers `fd` for `events` (level-triggered).
    public func register(fd: Int32, events mask: UInt32, handler: EventHandler) throws {
        var event = epoll_event(events: mask, data: epoll_data_t(fd: fd))
        try syscallChecked("epoll_ctl(ADD)") { epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) }
        let index = Int(fd)
        if index >= handlers.count { handlers.append(contentsOf: repeatElement(nil, count: index + 1 - handlers.count)) }
        handlers[index] = handler
    }

    /// Changes the event mask of a registered fd.
    public func modify(fd: Int32, events mask: UInt32) throws {
        var event = epoll_event(events: mask, data: epoll_data_t(fd: fd))
        try syscallChecked("epoll_ctl(MOD)") { epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event) }
    }

    /// Removes `fd` from the loop (call before closing it).
    public func unregister(fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event)
        if Int(fd) < handlers.count { handlers[Int(fd)] = nil }
    }

    // MARK: timers and deferred work

    /// Runs `callback` once after `delay` ms.
    @discardableResult
    public func schedule(after delay: Int64, _ callback: @escaping () -> Void) -> Timer {
        let timer = Timer(deadline: Clock.monotonicMillis() + max(0, delay), interval: nil, callback: callback)
        timers.insert(timer)
        return timer
    }

    /// Runs `callback` every `interval` ms until cancelled.
    @discardableResult
    public func scheduleRepeating(every interval: Int64, _ callback: @escaping () -> Void) -> Timer {
        let step = max(1, interval)
        let timer = Timer(deadline: Clock.monotonicMillis() + step, interval: step, callback: callback)
        timers.insert(timer)
        return timer
    }

    public func cancel(_ timer: Timer?) {
        guard let timer else { return }
        timer.callback = nil
        timers.remove(timer)
    }

    /// Runs `work` after the handlers of the current iteration (coalesces writes of one read).
    public func deferToIterationEnd(_ work: @escaping () -> Void) {
        deferred.append(work)
    }

    /// Runs `task.runDeferredTask()` after the handlers of the current iteration, like
    /// `deferToIterationEnd` but with no closure to allocate and no weak reference to load: the
    /// per-batch path of every player. The loop keeps `task` alive until then; the task checks
    /// itself whether it still has work (its connection may have closed meanwhile).
    @inline(__always)
    public func schedule(_ task: any DeferredTask) {
        tasks.append(task)
    }

    // MARK: running

    /// Runs until `stop()`.
    public func run() {
        running = true
        while running {
            runOnce(maxWait: 1000)
        }
    }

    public func stop() { running = false }

    /// One iteration: wait for events (at most `maxWait` ms or the next timer), dispatch, run timers.
    public func runOnce(maxWait: Int64) {
        var timeout = maxWait
        if !deferred.isEmpty || !tasks.isEmpty { timeout = 0 }
        if let first = timers.first {
            timeout = min(timeout, max(0, first.deadline - Clock.monotonicMillis()))
        }
        let n = epoll_wait(epfd, events.baseAddress, Int32(events.count), Int32(timeout))
        now = Clock.monotonicMillis()
        if n > 0 {
            for i in 0..<Int(n) {
                let event = events[i]
                let fd = Int(event.data.fd)
                if fd < handlers.count, let handler = handlers[fd] {
                    handler.handleEvents(event.events)
                }
            }
        }
        runDeferred()
        runTimers()
        runDeferred()
    }

    private func runDeferred() {
        while !deferred.isEmpty || !tasks.isEmpty {
            if !tasks.isEmpty {
                // Swap in the spare array, so tasks scheduled while these run wait for the next
                // pass and neither array is reallocated per iteration.
                var running = spareTasks
                swap(&running, &tasks)
                for task in running { task.runDeferredTask() }
                running.removeAll(keepingCapacity: true)
                spareTasks = running
            }
            if !deferred.isEmpty {
                let work = deferred
                deferred.removeAll(keepingCapacity: true)
                for item in work { item() }
            }
        }
    }

    private func runTimers() {
        let current = Clock.monotonicMillis()
        now = current
        while let first = timers.first, first.deadline <= current {
            _ = timers.popFirst()
            guard let callback = first.callback else { continue }
            if let interval = first.interval {
                first.deadline = max(first.deadline + interval, current + 1)
                timers.insert(first)
            } else {
                first.callback = nil
            }
            callback()
        }
    }
}
