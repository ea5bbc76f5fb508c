import Config
import IO

/// Every 10 s, gives the heap's free pages back to the kernel (`Heap.releaseFreePages`), so the
/// resident size follows what players hold now rather than the largest burst since the start
/// (an attach storm of handshakes and GOP dumps, a stalled network). Nothing to configure.
final class HeapTrimRole: ServerService {
    private let loop: EventLoop
    private var timer: Timer?
    static let intervalMillis: Int64 = 10_000

    init(loop: EventLoop) {
        self.loop = loop
        timer = loop.scheduleRepeating(every: HeapTrimRole.intervalMillis) { Heap.releaseFreePages() }
    }

    func apply(_ diff: ConfigDiff, config: ServerConfig) {}

    func drain() {}

    func stop() {
        loop.cancel(timer)
        timer = nil
    }
}
