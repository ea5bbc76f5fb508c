import API
import Testing

/// Smoke tests of the thin readers against this machine's real `/proc` (Linux only).
@Suite struct ProcFilesTests {
    @Test func readsAndParsesEveryFileOnThisMachine() throws {
        let own = try ProcFiles.selfStat()
        #expect(own.comm.hasPrefix("("))
        #expect(try ProcFiles.stat().cpuCount >= 1)
        #expect(try ProcFiles.memInfo().memTotal > 0)
        #expect(try ProcFiles.platform().uptime > 0)
        #expect(try ProcFiles.netDevices().contains { $0.name == "lo" })
        _ = try ProcFiles.vmstat()
        _ = try ProcFiles.diskDevices()
        _ = try ProcFiles.socketStats()
        #expect(ProcFiles.clockTicks() > 0)
        #expect(ProcFiles.processorCounts().configured >= 1)
        #expect(RusageSnapshot.current(sampleTime: 1).ok)
        _ = try LocalIPAddress.discover()
    }

    @Test func reportsAMissingFileAsAnError() {
        #expect(throws: APIError.self) { try ProcFiles.readText("/proc/definitely-not-here") }
    }
}
