#if canImport(Glibc)
import Glibc
#endif

/// `daemon on`: SRS's double fork — the original process and the intermediate one exit 0, the
/// grandchild keeps running detached from the terminal with stdio on /dev/null.
enum Daemon {
    /// Returns in the daemon; the calling parents exit. Must run before any thread or loop exists.
    static func detach() {
        if fork() > 0 { exit(0) }
        setsid()
        if fork() > 0 { exit(0) }
        let devnull = open("/dev/null", O_RDWR)
        if devnull >= 0 {
            dup2(devnull, 0)
            dup2(devnull, 1)
            dup2(devnull, 2)
            if devnull > 2 { close(devnull) }
        }
    }
}
