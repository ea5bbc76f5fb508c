/// `hls_ts_floor`: segment names use floor(now / hls_fragment) as `[timestamp]`, advanced one by
/// one and pulled back when it runs too far ahead of the wall clock (SRS `segment_open`).
public struct HLSFloorClock: Equatable, Sendable {
    /// SRS compat: `SRS_JUMP_WHEN_PIECE_DEVIATION`.
    static let maxDeviation: Int64 = 20
    private var accepted: Int64 = 0
    /// Accepted floor minus the wall clock's floor; it nudges the reap threshold (see `HLSSegmenter`).
    public private(set) var deviation: Int64 = 0

    public init() {}

    /// The floor value for the next segment opened at `nowMillis`.
    public mutating func next(nowMillis: Int64, fragmentMillis: Int64) -> Int64 {
        let current = nowMillis / max(1, fragmentMillis)
        accepted = accepted == 0 ? current - 1 : accepted + 1
        if accepted - current > Self.maxDeviation { accepted = current - 1 }
        deviation = accepted - current
        return accepted
    }
}
