/// `play.time_jitter`: how a consumer rewrites timestamps (srs-facts §6).
public enum JitterMode: String, Equatable, Sendable {
    /// Rebase to ~0 and keep the timeline monotonic; deltas beyond ±250 ms become 10 ms.
    case full
    /// Subtract the first message's timestamp.
    case zero
    /// Pass through.
    case off
}

/// Per-consumer timestamp correction state.
public struct JitterCorrector {
    public let mode: JitterMode
    private var lastPacketTime: Int64 = -1
    private var lastOutput: Int64 = 0
    private var zeroBase: Int64 = -1

    /// SRS compat: `CONST_MAX_JITTER_MS` and `DEFAULT_FRAME_TIME_MS`.
    static let maxJitter: Int64 = 250
    static let defaultDelta: Int64 = 10

    public init(mode: JitterMode) { self.mode = mode }

    /// The corrected timestamp for a message at `timestamp` (ms).
    public mutating func correct(_ timestamp: Int64, isAV: Bool) -> Int64 {
        switch mode {
        case .off:
            return timestamp
        case .zero:
            if zeroBase < 0 { zeroBase = timestamp }
            return max(0, timestamp - zeroBase)
        case .full:
            // SRS compat: metadata and other non-A/V messages get timestamp 0.
            guard isAV else { return 0 }
            var delta = timestamp - lastPacketTime
            if lastPacketTime < 0 || delta < -JitterCorrector.maxJitter || delta > JitterCorrector.maxJitter {
                delta = JitterCorrector.defaultDelta
            }
            lastOutput = max(0, lastOutput + delta)
            lastPacketTime = timestamp
            return lastOutput
        }
    }
}
