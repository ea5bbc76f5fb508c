/// Keeps an edge source's timeline monotonic across upstream sessions: the first A/V packet of
/// each new session continues right after the last one sent, and within a session a jump of
/// more than `maxBackwardMillis` back or `maxForwardMillis` ahead (an origin whose publisher
/// restarted) is rebased the same way. Small backward steps (audio/video interleaving) are kept.
public struct TimestampRebaser {
    public let maxBackwardMillis: Int64
    public let maxForwardMillis: Int64
    private var offset: Int64 = 0
    private var newest: Int64?
    private var needsBase = false
    /// Times the timeline was rebased (sessions after the first, jumps).
    public private(set) var rebases = 0

    public init(maxBackwardMillis: Int64 = 500, maxForwardMillis: Int64 = 5000) {
        self.maxBackwardMillis = maxBackwardMillis
        self.maxForwardMillis = maxForwardMillis
    }

    /// The next packet starts a new upstream session.
    public mutating func startSession() {
        if newest != nil { needsBase = true }
    }

    /// Maps an A/V timestamp of the current session onto the output timeline.
    public mutating func map(_ timestamp: Int64) -> Int64 {
        guard let last = newest else {
            newest = timestamp
            return timestamp
        }
        var out = timestamp + offset
        if needsBase || out < last - maxBackwardMillis || out > last + maxForwardMillis {
            needsBase = false
            offset = last + 1 - timestamp
            out = last + 1
            rebases += 1
        }
        if out > last { newest = out }
        return out
    }

    /// The timestamp for metadata: the newest A/V time (0 before any).
    public var metadataTimestamp: Int64 { newest ?? 0 }
}
