/// Disk throughput and busy fraction derived from two samples (SRS `SrsDiskStat`).
public struct DiskSnapshot: Sendable, Equatable {
    public var ok = false
    public var sampleTime: Int64 = 0
    /// KB/s paged in (`disk_read_KBps`).
    public var readKBps: Int64 = 0
    /// KB/s paged out (`disk_write_KBps`).
    public var writeKBps: Int64 = 0
    /// Fraction of time the configured disks were busy (`disk_busy_percent`), in [0, 1].
    public var busy: Double = 0
    public var vmstat = VMStat()
    public var ioTicks: Int64 = 0
    public var cpu = CPUTimes()

    public init() {}
}
