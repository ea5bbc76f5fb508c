import Core

/// Counts every live connection of the process (RTMP, HTTP, API) against `max_connections`.
///
/// SRS compat: a new connection is dropped when the count is already `>= max`; unlike SRS 7 the
/// slot is always given back when a connection ends, whatever ended it. With `workers N` one
/// limiter is shared by every worker (the limit is the process's), so it takes a mutex: one lock
/// per accept and per close, nothing per packet.
public final class ConnectionLimiter: @unchecked Sendable {
    private let lock = Lock()
    private var limit: Int
    private var taken = 0

    public init(maxConnections: Int) { limit = maxConnections }

    public var maxConnections: Int {
        get { locked { limit } }
        set { locked { limit = newValue } }
    }

    /// Slots taken now (every worker's).
    public var current: Int { locked { taken } }

    private func locked<T>(_ body: () -> T) -> T { lock.withLock(body) }

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
