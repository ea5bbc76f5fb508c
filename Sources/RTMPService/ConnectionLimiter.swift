/// Counts every live connection of the process (RTMP, HTTP, API) against `max_connections`.
///
/// SRS compat: a new connection is dropped when the count is already `>= max`; unlike SRS 7 the
/// slot is always given back when a connection ends, whatever ended it.
public final class ConnectionLimiter {
    public var maxConnections: Int
    public private(set) var current = 0

    public init(maxConnections: Int) { self.maxConnections = maxConnections }

    /// Takes a slot, or returns false when full.
    public func acquire() -> Bool {
        guard current < maxConnections else { return false }
        current += 1
        return true
    }

    public func release() {
        precondition(current > 0, "connection slot released twice")
        current -= 1
    }
}
