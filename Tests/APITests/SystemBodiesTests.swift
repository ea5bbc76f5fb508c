import API
import Testing

@Suite struct SystemBodiesTests {
    let bodies = EndpointFixtures.bodies
    let envelope = EndpointFixtures.envelopeKeys

    @Test func summariesHaveEveryKeyInSRSOrderIncludingTheIldeTypo() {
        let body = bodies.summaries(SummarySnapshot())
        #expect(body.keys == envelope + ["data"])
        #expect(body["data"]?.keys == ["ok", "now_ms", "self", "system"])
        #expect(body["data", "self"]?.keys == [
            "version", "pid", "ppid", "argv", "cwd", "mem_kbyte", "mem_percent", "cpu_percent", "srs_uptime",
        ])
        #expect(body["data", "system"]?.keys == [
            "cpu_percent", "disk_read_KBps", "disk_write_KBps", "disk_busy_percent", "mem_ram_kbyte",
            "mem_ram_percent", "mem_swap_kbyte", "mem_swap_percent", "cpus", "cpus_online", "uptime", "ilde_time",
            "load_1m", "load_5m", "load_15m", "net_sample_time", "net_recv_bytes", "net_send_bytes",
            "net_recvi_bytes", "net_sendi_bytes", "srs_sample_time", "srs_recv_bytes", "srs_send_bytes",
            "conn_sys", "conn_sys_et", "conn_sys_tw", "conn_sys_udp", "conn_srs",
        ])
    }

    @Test func summariesPrintPercentagesAsTwoDecimalNumbersAndCountsAsIntegers() {
        var s = SummarySnapshot(ok: true, nowMs: 1_700_000_000_000)
        s.process.cpuPercent = 0.1234
        s.system.load1m = 0.28
        s.system.cpus = 2
        let text = bodies.summaries(s).encoded
        #expect(text.contains(#""cpu_percent":0.12,"srs_uptime":0}"#))
        #expect(text.contains(#""cpus":2,"cpus_online":0,"uptime":0.00,"ilde_time":0.00,"load_1m":0.28"#))
    }

    @Test func rusagesListTheGetrusageFields() {
        let body = bodies.rusages(RusageSnapshot())
        #expect(body["data"]?.keys == [
            "ok", "sample_time", "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss",
            "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock", "ru_msgsnd", "ru_msgrcv",
            "ru_nsignals", "ru_nvcsw", "ru_nivcsw",
        ])
    }

    @Test func selfProcStatsListsTheProcFieldsInFileOrder() throws {
        let stat = try ProcSelfStat.parse(ProcFixtures.selfStat)
        let body = bodies.selfProcStats(SelfProcSnapshot(ok: true, sampleTime: 5, percent: 0.5, stat: stat))
        #expect(body.keys == envelope + ["data"])
        #expect(body["data"]?.keys == [
            "ok", "sample_time", "percent", "pid", "comm", "state", "ppid", "pgrp", "session", "tty_nr", "tpgid",
            "flags", "minflt", "cminflt", "majflt", "cmajflt", "utime", "stime", "cutime", "cstime", "priority",
            "nice", "num_threads", "itrealvalue", "starttime", "vsize", "rss", "rsslim", "startcode", "endcode",
            "startstack", "kstkesp", "kstkeip", "signal", "blocked", "sigignore", "sigcatch", "wchan", "nswap",
            "cnswap", "exit_signal", "processor", "rt_priority", "policy", "delayacct_blkio_ticks", "guest_time",
            "cguest_time",
        ])
        #expect(body["data", "comm"] == "(cat)")
        #expect(body["data", "state"] == "R")
        #expect(body["data", "rsslim"] == -1)
        #expect(body["data", "percent"]?.encoded == "0.50")
    }

    @Test func systemProcStatsListTheCPUColumns() {
        let body = bodies.systemProcStats(SystemProcSnapshot(ok: true, cpu: CPUTimes(user: 1, idle: 2)))
        #expect(body["data"]?.keys == [
            "ok", "sample_time", "percent", "user", "nice", "sys", "idle", "iowait", "irq", "softirq", "steal", "guest",
        ])
        #expect(body["data", "idle"] == 2)
    }

    @Test func meminfosListSRSDerivedAndRawFields() throws {
        let info = try MemInfo.parse(ProcFixtures.meminfo)
        let body = bodies.meminfos(MemInfoSnapshot(ok: true, sampleTime: 9, info: info))
        #expect(body["data"]?.keys == [
            "ok", "sample_time", "percent_ram", "percent_swap", "MemActive", "RealInUse", "NotInUse", "MemTotal",
            "MemFree", "Buffers", "Cached", "SwapTotal", "SwapFree",
        ])
        #expect(body["data", "RealInUse"] == .int(231_024))
        #expect(body["data", "percent_ram"]?.encoded == "0.01")
    }
}
