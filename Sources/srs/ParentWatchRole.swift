import Config
import Core
import IO
#if canImport(Glibc)
import Glibc
#endif

/// `asprocess on` (SRS): the server runs as a child of another program and quits when that
/// parent goes away (the parent pid changes), checked every second like SRS's main cycle.
final class ParentWatchRole: ServerService {
    private let loop: EventLoop
    private let parent = getppid()
    private var timer: Timer?
    private let onOrphaned: () -> Void

    init(loop: EventLoop, config: ServerConfig, onOrphaned: @escaping () -> Void) {
        self.loop = loop
        self.onOrphaned = onOrphaned
        watch(config.asprocess)
    }

    /// Turning asprocess on or off applies at once.
    func apply(_ diff: ConfigDiff, config: ServerConfig) { watch(config.asprocess) }

    func drain() {}

    func stop() {
        loop.cancel(timer)
        timer = nil
    }

    private func watch(_ enabled: Bool) {
        guard enabled != (timer != nil) else { return }
        guard enabled else { return stop() }
        timer = loop.scheduleRepeating(every: 1000) { [unowned self] in
            let now = getppid()
            guard now != parent else { return }
            log.warn("asprocess ppid changed from \(parent) to \(now), quit")
            stop()
            onOrphaned()
        }
    }
}
