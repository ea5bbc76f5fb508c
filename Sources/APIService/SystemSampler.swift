import API
import Core

/// The figures of `summaries`, `self_proc_stats`, `system_proc_stats`, `meminfos` and `/metrics`:
/// the process's `/proc` samples (shared by the workers, `ProcessSamples`) and this worker's
/// server bytes, both taken every few seconds on the loop, off any media path.
final class SystemSampler {
    let process: ProcessSamples
    private(set) var server = ServerNetSnapshot()
    /// Total bytes and connections of this worker's server (all protocols).
    let traffic: () -> (recv: UInt64, send: UInt64, connections: Int)

    init(process: ProcessSamples, traffic: @escaping () -> (recv: UInt64, send: UInt64, connections: Int)) {
        self.process = process
        self.traffic = traffic
    }

    var processors: (configured: Int, online: Int) { process.processors }
    var selfProc: SelfProcSnapshot { process.figures.selfProc }
    var systemProc: SystemProcSnapshot { process.figures.systemProc }
    var memInfo: MemInfoSnapshot { process.figures.memInfo }
    /// Every process figure of one round, for a body that shows several.
    var processFigures: ProcessSamples.Figures { process.figures }

    /// One sampling round: the process's figures when no other worker took them this round, this
    /// worker's bytes always.
    func sample(nowMillis: Int64) {
        process.sampleIfDue(nowMillis: nowMillis)
        let totals = traffic()
        server = ServerNetSnapshot(ok: true, sampleTime: nowMillis, recvBytes: Int64(totals.recv),
                                   sendBytes: Int64(totals.send), sockets: (try? ProcFiles.socketStats()) ?? SocketStats(),
                                   connSRS: Int64(totals.connections))
    }
}
