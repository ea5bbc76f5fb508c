/// Keeps the previous `/proc` samples and derives SRS's rates from the deltas
/// (`srs_update_proc_stat`, `srs_update_disk_stat`). Pure: feed it parsed texts and a clock.
public struct ProcSampler: Sendable {
    /// `sysconf(_SC_CLK_TCK)`, the unit of the `/proc` CPU counters (100 on Linux).
    public let clockTicks: Int64
    /// `sysconf(_SC_NPROCESSORS_CONF)`, used to scale the disk busy time.
    public let processors: Int64

    public private(set) var selfProc = SelfProcSnapshot()
    public private(set) var systemProc = SystemProcSnapshot()
    public private(set) var disk = DiskSnapshot()

    public init(clockTicks: Int64 = 100, processors: Int64 = 1) {
        self.clockTicks = max(1, clockTicks)
        self.processors = max(1, processors)
    }

    /// Updates both CPU figures from one `/proc/self/stat` and one `/proc/stat` reading.
    ///
    /// System: `percent = 1 - Δidle / Δtotal` (0 until there is a previous sample).
    /// Self: `percent = Δ(utime + stime) * 1000 / Δms / clockTicks`, a fraction of one CPU.
    public mutating func updateCPU(selfStat: ProcSelfStat, system: CPUTimes, nowMillis: Int64) {
        var sys = SystemProcSnapshot(ok: true, sampleTime: nowMillis, percent: 0, cpu: system)
        let previousSystem = systemProc.cpu
        if previousSystem.total > 0 {
            let totalDelta = system.total - previousSystem.total
            if totalDelta > 0 {
                sys.percent = 1 - Double(system.idle - previousSystem.idle) / Double(totalDelta)
            }
        }
        systemProc = sys

        var own = SelfProcSnapshot(ok: true, sampleTime: nowMillis, percent: 0, stat: selfStat)
        if selfProc.ok {
            let elapsed = nowMillis - selfProc.sampleTime
            let usage = (selfStat.utime + selfStat.stime) - (selfProc.stat.utime + selfProc.stat.stime)
            if elapsed > 0 {
                own.percent = Double(usage) * 1000 / Double(elapsed) / Double(clockTicks)
            }
        }
        selfProc = own
    }

    /// Updates disk KBps (from `/proc/vmstat` paging) and busy fraction (from the summed
    /// `io_ticks` of the configured `stats.disk` devices against elapsed CPU time).
    public mutating func updateDisk(vmstat: VMStat, ioTicks: Int64, cpu: CPUTimes, nowMillis: Int64) {
        var next = DiskSnapshot()
        next.ok = true
        next.sampleTime = nowMillis
        next.vmstat = vmstat
        next.ioTicks = ioTicks
        next.cpu = cpu
        let previous = disk
        guard previous.ok else {
            disk = next
            return
        }
        let elapsed = nowMillis - previous.sampleTime
        if elapsed > 0 {
            if previous.vmstat.pgpgin > 0, vmstat.pgpgin > previous.vmstat.pgpgin {
                next.readKBps = (vmstat.pgpgin - previous.vmstat.pgpgin) * 1000 / elapsed
            }
            if previous.vmstat.pgpgout > 0, vmstat.pgpgout > previous.vmstat.pgpgout {
                next.writeKBps = (vmstat.pgpgout - previous.vmstat.pgpgout) * 1000 / elapsed
            }
        }
        let cpuDelta = cpu.total - previous.cpu.total
        if cpuDelta > 0, previous.ioTicks < ioTicks {
            // Jiffies to ms, per CPU: SRS's `total_delta * 10 / nb_processors` at USER_HZ=100.
            let deltaMillis = cpuDelta * 1000 / clockTicks / processors
            if deltaMillis > 0 {
                next.busy = Double(ioTicks - previous.ioTicks) / Double(deltaMillis)
            }
        }
        disk = next
    }
}
