import API
import Core

/// The process's `/proc` figures (its CPU and memory, the system's CPU, disk, memory, platform and
/// network): one sample every few seconds for the whole process. With `workers N` every worker's
/// API reads this one board, so `self_proc_stats`, `summaries` and `/metrics` agree whichever
/// worker answers; the first worker whose timer finds the sample due takes it, under the lock.
public final class ProcessSamples: @unchecked Sendable {
    /// What one sampling round read.
    struct Figures {
        var selfProc = SelfProcSnapshot()
        var systemProc = SystemProcSnapshot()
        var disk = DiskSnapshot()
        var memInfo = MemInfoSnapshot()
        var platform = PlatformSnapshot()
        var net = NetSnapshot()
    }

    /// A sample younger than this is not taken again: the workers' timers (one interval apart
    /// each) fire at different moments, so only the first one of a round samples.
    let minimumAgeMillis: Int64
    let processors = ProcFiles.processorCounts()
    private let lock = Lock()
    private var proc: ProcSampler
    private var current = Figures()
    private var lastSampleMillis: Int64?
    private let internetInterfaces: [String: Bool]

    public init(minimumAgeMillis: Int64 = KbpsSampler.resampleIntervalMillis * 5 / 6) {
        self.minimumAgeMillis = minimumAgeMillis
        proc = ProcSampler(clockTicks: ProcFiles.clockTicks(), processors: Int64(processors.configured))
        internetInterfaces = (try? LocalIPAddress.discover()).map(LocalIPAddress.internetInterfaces) ?? [:]
    }

    /// The last round's figures.
    var figures: Figures { lock.withLock { current } }

    /// Takes a sample unless one younger than `minimumAgeMillis` exists. A file that cannot be
    /// read leaves its figures at `ok: false`, as SRS.
    func sampleIfDue(nowMillis: Int64) {
        lock.withLock {
            if let last = lastSampleMillis, nowMillis - last < minimumAgeMillis, nowMillis >= last { return }
            lastSampleMillis = nowMillis
            sample(nowMillis: nowMillis)
        }
    }

    private func sample(nowMillis: Int64) {
        if let selfStat = try? ProcFiles.selfStat(), let stat = try? ProcFiles.stat() {
            proc.updateCPU(selfStat: selfStat, system: stat.cpu, nowMillis: nowMillis)
            if let vmstat = try? ProcFiles.vmstat(), let disks = try? ProcFiles.diskDevices() {
                proc.updateDisk(vmstat: vmstat, ioTicks: DiskDevice.totalIOTicks(disks, names: disks.map(\.name)),
                                cpu: stat.cpu, nowMillis: nowMillis)
            }
        }
        current.selfProc = proc.selfProc
        current.systemProc = proc.systemProc
        current.disk = proc.disk
        if let info = try? ProcFiles.memInfo() {
            current.memInfo = MemInfoSnapshot(ok: true, sampleTime: nowMillis, info: info)
        }
        if let info = try? ProcFiles.platform() {
            current.platform = PlatformSnapshot(ok: true, info: info)
        }
        if let devices = try? ProcFiles.netDevices() {
            let interfaces = internetInterfaces
            current.net = NetSnapshot(sampleTime: nowMillis, totals: NetTotals.sum(devices) { interfaces[$0] ?? false })
        }
    }
}
