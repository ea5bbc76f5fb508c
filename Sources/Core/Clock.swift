#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Time sources: monotonic for timeouts and rates, wall for logs and `now_ms`.
public enum Clock {
    /// Monotonic microseconds since an arbitrary epoch.
    @inline(__always)
    public static func monotonicMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// Monotonic milliseconds since an arbitrary epoch.
    @inline(__always)
    public static func monotonicMillis() -> Int64 { monotonicMicros() / 1000 }

    /// Wall-clock milliseconds since the Unix epoch.
    public static func wallMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
