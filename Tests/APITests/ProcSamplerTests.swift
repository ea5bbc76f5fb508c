import API
import Testing

@Suite struct ProcSamplerTests {
    func selfStat(utime: Int64, stime: Int64) -> ProcSelfStat {
        var stat = ProcSelfStat(pid: 1, comm: "(srs)", state: "S")
        stat[.utime] = utime
        stat[.stime] = stime
        return stat
    }

    @Test func firstSampleReportsZeroPercentAndIsOK() {
        var sampler = ProcSampler(clockTicks: 100, processors: 2)
        sampler.updateCPU(selfStat: selfStat(utime: 500, stime: 100), system: CPUTimes(user: 100, idle: 900),
                          nowMillis: 10_000)
        #expect(sampler.selfProc.ok)
        #expect(sampler.selfProc.percent == 0)
        #expect(sampler.systemProc.ok)
        #expect(sampler.systemProc.percent == 0)
        #expect(sampler.systemProc.sampleTime == 10_000)
    }

    @Test(arguments: [
        // (Δutime+Δstime ticks, Δms, ticks/s, expected fraction of one CPU)
        (Int64(100), Int64(1000), Int64(100), 1.0), (50, 1000, 100, 0.5), (300, 3000, 100, 1.0),
        (150, 1000, 100, 1.5), (0, 3000, 100, 0.0), (250, 1000, 250, 1.0),
    ])
    func selfPercentIsTickDeltaOverWallTime(ticks: Int64, millis: Int64, hz: Int64, expected: Double) {
        var sampler = ProcSampler(clockTicks: hz, processors: 1)
        sampler.updateCPU(selfStat: selfStat(utime: 1000, stime: 0), system: CPUTimes(idle: 1), nowMillis: 0)
        sampler.updateCPU(selfStat: selfStat(utime: 1000 + ticks / 2, stime: ticks - ticks / 2),
                          system: CPUTimes(idle: 2), nowMillis: millis)
        #expect(abs(sampler.selfProc.percent - expected) < 1e-9)
    }

    @Test(arguments: [
        // (Δbusy jiffies, Δidle jiffies, expected busy fraction)
        (Int64(0), Int64(200), 0.0), (200, 0, 1.0), (50, 150, 0.25), (150, 50, 0.75),
    ])
    func systemPercentIsOneMinusIdleShare(busy: Int64, idle: Int64, expected: Double) {
        var sampler = ProcSampler()
        let before = CPUTimes(user: 1000, sys: 500, idle: 8000, iowait: 10)
        var after = before
        after.user += busy
        after.idle += idle
        sampler.updateCPU(selfStat: selfStat(utime: 0, stime: 0), system: before, nowMillis: 0)
        sampler.updateCPU(selfStat: selfStat(utime: 0, stime: 0), system: after, nowMillis: 3000)
        #expect(abs(sampler.systemProc.percent - expected) < 1e-12)
    }

    @Test func systemPercentStaysZeroWhenTheCounterDoesNotAdvance() {
        var sampler = ProcSampler()
        let cpu = CPUTimes(user: 10, idle: 10)
        sampler.updateCPU(selfStat: selfStat(utime: 0, stime: 0), system: cpu, nowMillis: 0)
        sampler.updateCPU(selfStat: selfStat(utime: 0, stime: 0), system: cpu, nowMillis: 3000)
        #expect(sampler.systemProc.percent == 0)
    }

    @Test func diskRatesComeFromPagingDeltasAndBusyFromIOTicks() {
        var sampler = ProcSampler(clockTicks: 100, processors: 2)
        sampler.updateDisk(vmstat: VMStat(pgpgin: 1000, pgpgout: 2000), ioTicks: 100, cpu: CPUTimes(idle: 1000),
                           nowMillis: 0)
        #expect(sampler.disk.ok)
        #expect(sampler.disk.readKBps == 0)
        // 3 s later: 3000 KB in, 600 KB out; 600 jiffies over 2 CPUs = 3000 ms each; 750 ms busy.
        sampler.updateDisk(vmstat: VMStat(pgpgin: 4000, pgpgout: 2600), ioTicks: 850, cpu: CPUTimes(idle: 1600),
                           nowMillis: 3000)
        #expect(sampler.disk.readKBps == 1000)
        #expect(sampler.disk.writeKBps == 200)
        #expect(sampler.disk.busy == 0.25)
    }

    @Test func diskRatesIgnoreCountersThatDidNotGrow() {
        var sampler = ProcSampler()
        sampler.updateDisk(vmstat: VMStat(pgpgin: 0, pgpgout: 500), ioTicks: 0, cpu: CPUTimes(idle: 1), nowMillis: 0)
        sampler.updateDisk(vmstat: VMStat(pgpgin: 900, pgpgout: 400), ioTicks: 0, cpu: CPUTimes(idle: 1), nowMillis: 1000)
        #expect(sampler.disk.readKBps == 0, "SRS needs a non-zero previous pgpgin")
        #expect(sampler.disk.writeKBps == 0)
        #expect(sampler.disk.busy == 0)
    }

    @Test func summaryComposesSRSDerivedFields() throws {
        var rusage = RusageSnapshot()
        rusage.ok = true
        rusage.maxrss = 246_840
        let mem = MemInfoSnapshot(ok: true, sampleTime: 1, info: try MemInfo.parse(ProcFixtures.meminfo))
        var disk = DiskSnapshot()
        disk.ok = true
        let summary = SummarySnapshot.compose(
            nowMillis: 100_999, startupMillis: 90_000, version: "5.0.216", pid: 7, argv: "./objs/srs -c x.conf",
            cwd: "/srs", processors: (2, 2), rusage: rusage,
            selfProc: SelfProcSnapshot(ok: true, percent: 0.5, stat: try ProcSelfStat.parse(ProcFixtures.selfStat)),
            systemProc: SystemProcSnapshot(ok: true, percent: 0.25), memInfo: mem, disk: disk,
            platform: PlatformSnapshot(ok: true), net: NetSnapshot(), server: ServerNetSnapshot(ok: true, connSRS: 3))
        #expect(summary.ok)
        #expect(summary.process.srsUptime == 10)
        #expect(summary.process.ppid == 26564)
        #expect(abs(summary.process.memPercent - 0.01) < 1e-6)
        #expect(summary.system.memRamKbyte == 24_684_084)
        #expect(summary.system.connSRS == 3)
        let notOK = SummarySnapshot.compose(
            nowMillis: 0, startupMillis: 0, version: "", pid: 0, argv: "", cwd: "", processors: (2, 2),
            rusage: rusage, selfProc: SelfProcSnapshot(), systemProc: SystemProcSnapshot(ok: true), memInfo: mem,
            disk: disk, platform: PlatformSnapshot(ok: true), net: NetSnapshot(), server: ServerNetSnapshot(ok: true))
        #expect(!notOK.ok)
    }
}
