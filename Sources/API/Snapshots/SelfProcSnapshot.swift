/// `/proc/self/stat` plus SRS's derived CPU percent (`/api/v1/self_proc_stats`).
public struct SelfProcSnapshot: Sendable, Equatable {
    public var ok = false
    public var sampleTime: Int64 = 0
    /// Fraction of one CPU in the last interval (1.0 = one core busy), as SRS reports it.
    public var percent: Double = 0
    public var stat = ProcSelfStat()

    public init(ok: Bool = false, sampleTime: Int64 = 0, percent: Double = 0, stat: ProcSelfStat = ProcSelfStat()) {
        self.ok = ok
        self.sampleTime = sampleTime
        self.percent = percent
        self.stat = stat
    }
}
