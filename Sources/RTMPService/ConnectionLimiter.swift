#if canImport(Glibc)
import Glibc
#endif

/// Counts every live connection of the process (RTMP, HTTP, API) against `max_connections`.
///
/// SRS compat: a new connection is dropped when the count is already `>= max`; unlike SRS 7 the
/// slot is always given back when a connection ends, whatever ended it. With `workers N` one
/// limiter is shared by every worker (the limit is the process's), so it takes a mutex: one lock
/// per accept and per close, nothing per packet.
public final class ConnectionLimiter: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var limit: Int
    private var taken = 0

    public init(maxConnections: Int) {
        limit = maxConnections
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public var maxConnections: Int {
        get { locked { limit } }
        set { locked { limit = newValue } }
    }

    /// Slots taken now (every worker's).
    public var current: Int { locked { taken } }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Takes a slot, or returns false when full.
    public func acquire() -> Bool {
        locked {
            guard taken < limit else { return false }
            taken += 1
            return true
        }
    }

    public func release() {
        locked {
            precondition(taken > 0, "connection slot released twice")
            taken -= 1
        }
    }
}
