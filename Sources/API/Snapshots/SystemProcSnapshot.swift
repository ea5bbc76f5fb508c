/// The `/proc/stat` cpu line plus SRS's busy fraction (`/api/v1/system_proc_stats`).
public struct SystemProcSnapshot: Sendable, Equatable {
    public var ok = false
    public var sampleTime: Int64 = 0
    /// Busy fraction of all CPUs in the last interval, in [0, 1].
    public var percent: Double = 0
    public var cpu = CPUTimes()

    public init(ok: Bool = false, sampleTime: Int64 = 0, percent: Double = 0, cpu: CPUTimes = CPUTimes()) {
        self.ok = ok
        self.sampleTime = sampleTime
        self.percent = percent
        self.cpu = cpu
    }
}
