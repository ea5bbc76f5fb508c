/// Turns a growing byte counter into SRS's `*_30s` kbps figure (`SrsKbpsSlice::sample`).
///
/// SRS compat: the server timer calls `sample` every 3 s (`resampleIntervalMillis`); the 30 s
/// rate is recomputed only once at least 30 s passed since the previous 30 s point, as
/// `(bytes delta) * 8 / (elapsed ms)` kbit/s, truncated. Between those points the last rate holds.
public struct KbpsSampler: Sendable, Equatable {
    /// How often the owner should call `sample` (SRS's stat timer).
    public static let resampleIntervalMillis: Int64 = 3_000
    /// The averaging window of `kbps30s`.
    public static let windowMillis: Int64 = 30_000

    /// The current 30 s average in kbit/s.
    public private(set) var kbps30s: Int = 0
    private var baseBytes: UInt64 = 0
    private var baseMillis: Int64?

    public init() {}

    /// Feeds the counter's current total at `nowMillis` (any monotonic or wall clock, in ms).
    public mutating func sample(totalBytes: UInt64, nowMillis: Int64) {
        guard let start = baseMillis else {
            baseBytes = totalBytes
            baseMillis = nowMillis
            return
        }
        if totalBytes < baseBytes || nowMillis < start {
            // The counter or the clock went backwards: restart the window, like SRS's `srs_pps_init`.
            baseBytes = totalBytes
            baseMillis = nowMillis
            kbps30s = 0
            return
        }
        let elapsed = nowMillis - start
        guard elapsed >= KbpsSampler.windowMillis else { return }
        let bits = (totalBytes - baseBytes).multipliedReportingOverflow(by: 8)
        let rate = bits.overflow ? UInt64.max : bits.partialValue / UInt64(elapsed)
        kbps30s = Int(clamping: rate)
        baseBytes = totalBytes
        baseMillis = nowMillis
    }
}
