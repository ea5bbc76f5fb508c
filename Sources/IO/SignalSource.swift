import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Delivers signals through a signalfd on the loop, so no handler runs in signal context.
public final class SignalSource: EventHandler {
    private let fd: Int32
    private unowned let loop: EventLoop
    private let onSignal: (Int32) -> Void

    /// Blocks `signals` for the process and routes them to `onSignal` on the loop.
    public init(loop: EventLoop, signals: [Int32], onSignal: @escaping (Int32) -> Void) throws {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals { sigaddset(&mask, signal) }
        guard pthread_sigmask(SIG_BLOCK, &mask, nil) == 0 else { throw IOError("pthread_sigmask", errno: errno) }
        fd = try syscallChecked("signalfd") { signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC)) }
        self.loop = loop
        self.onSignal = onSignal
        try loop.register(fd: fd, events: Events.readable, handler: self)
    }

    public func handleEvents(_ events: UInt32) {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while read(fd, &info, size) == size {
            onSignal(Int32(info.ssi_signo))
        }
    }

    public func close() {
        loop.unregister(fd: fd)
        Glibc.close(fd)
    }
}
