import API
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Samples `/proc` every few seconds for `summaries`, `self_proc_stats`, `system_proc_stats`,
/// `meminfos`: a few small file reads on the loop, off any media path.
final class SystemSampler {
    private var proc: ProcSampler
    private(set) var memInfo = MemInfoSnapshot()
    private(set) var platform = PlatformSnapshot()
    private(set) var net = NetSnapshot()
    private(set) var server = ServerNetSnapshot()
    private var internetInterfaces: [String: Bool] = [:]
    let processors = ProcFiles.processorCounts()
    /// Total bytes and connections of the server (all protocols).
    let traffic: () -> (recv: UInt64, send: UInt64, connections: Int)

    init(traffic: @escaping () -> (recv: UInt64, send: UInt64, connections: Int)) {
        self.traffic = traffic
        proc = ProcSampler(clockTicks: ProcFiles.clockTicks(), processors: Int64(processors.configured))
        if let addresses = try? LocalIPAddress.discover() {
            internetInterfaces = LocalIPAddress.internetInterfaces(addresses)
        }
    }

    var selfProc: SelfProcSnapshot { proc.selfProc }
    var systemProc: SystemProcSnapshot { proc.systemProc }
    var disk: DiskSnapshot { proc.disk }

    /// One sampling round. A file that cannot be read leaves its figures at `ok: false`, as SRS.
    func sample(nowMillis: Int64) {
        if let selfStat = try? ProcFiles.selfStat(), let stat = try? ProcFiles.stat() {
            proc.updateCPU(selfStat: selfStat, system: stat.cpu, nowMillis: nowMillis)
            if let vmstat = try? ProcFiles.vmstat(), let disks = try? ProcFiles.diskDevices() {
                proc.updateDisk(vmstat: vmstat, ioTicks: DiskDevice.totalIOTicks(disks, names: disks.map(\.name)),
                                cpu: stat.cpu, nowMillis: nowMillis)
            }
        }
        if let info = try? ProcFiles.memInfo() {
            memInfo = MemInfoSnapshot(ok: true, sampleTime: nowMillis, info: info)
        }
        if let info = try? ProcFiles.platform() {
            platform = PlatformSnapshot(ok: true, info: info)
        }
        if let devices = try? ProcFiles.netDevices() {
            let interfaces = internetInterfaces
            net = NetSnapshot(sampleTime: nowMillis, totals: NetTotals.sum(devices) { interfaces[$0] ?? false })
        }
        let totals = traffic()
        server = ServerNetSnapshot(ok: true, sampleTime: nowMillis, recvBytes: Int64(totals.recv),
                                   sendBytes: Int64(totals.send), sockets: (try? ProcFiles.socketStats()) ?? SocketStats(),
                                   connSRS: Int64(totals.connections))
    }
}
