/// Everything `/api/v1/summaries` reports (§9.2), already derived; `compose` does SRS's math.
public struct SummarySnapshot: Sendable, Equatable {
    /// The `self` object (this process).
    public struct ProcessInfo: Sendable, Equatable {
        public var version = ""
        public var pid: Int64 = 0
        public var ppid: Int64 = 0
        public var argv = ""
        public var cwd = ""
        public var memKbyte: Int64 = 0
        public var memPercent: Double = 0
        public var cpuPercent: Double = 0
        /// Whole seconds since the server started.
        public var srsUptime: Int64 = 0

        public init() {}
    }

    /// The `system` object (the host), field order as SRS prints it.
    public struct SystemInfo: Sendable, Equatable {
        public var cpuPercent: Double = 0
        public var diskReadKBps: Int64 = 0
        public var diskWriteKBps: Int64 = 0
        public var diskBusyPercent: Double = 0
        public var memRamKbyte: Int64 = 0
        public var memRamPercent: Double = 0
        public var memSwapKbyte: Int64 = 0
        public var memSwapPercent: Double = 0
        public var cpus: Int64 = 0
        public var cpusOnline: Int64 = 0
        public var uptime: Double = 0
        /// Reported under SRS's misspelt key `ilde_time`.
        public var idleTime: Double = 0
        public var load1m: Double = 0
        public var load5m: Double = 0
        public var load15m: Double = 0
        public var netSampleTime: Int64 = 0
        public var netRecvBytes: Int64 = 0
        public var netSendBytes: Int64 = 0
        public var netRecviBytes: Int64 = 0
        public var netSendiBytes: Int64 = 0
        public var srsSampleTime: Int64 = 0
        public var srsRecvBytes: Int64 = 0
        public var srsSendBytes: Int64 = 0
        public var connSys: Int64 = 0
        public var connSysET: Int64 = 0
        public var connSysTW: Int64 = 0
        public var connSysUDP: Int64 = 0
        public var connSRS: Int64 = 0

        public init() {}
    }

    public var ok = false
    public var nowMs: Int64 = 0
    public var process = ProcessInfo()
    public var system = SystemInfo()

    public init(ok: Bool = false, nowMs: Int64 = 0, process: ProcessInfo = ProcessInfo(),
                system: SystemInfo = SystemInfo()) {
        self.ok = ok
        self.nowMs = nowMs
        self.process = process
        self.system = system
    }

    /// SRS compat (`srs_api_dump_summaries`): `mem_percent = ru_maxrss / MemTotal`,
    /// `srs_uptime = (now - startup) / 1000` truncated, `ok` = every source sampled fine.
    public static func compose(
        nowMillis: Int64, startupMillis: Int64, version: String, pid: Int64, argv: String, cwd: String,
        processors: (configured: Int, online: Int), rusage: RusageSnapshot, selfProc: SelfProcSnapshot,
        systemProc: SystemProcSnapshot, memInfo: MemInfoSnapshot, disk: DiskSnapshot,
        platform: PlatformSnapshot, net: NetSnapshot, server: ServerNetSnapshot
    ) -> SummarySnapshot {
        var p = ProcessInfo()
        p.version = version
        p.pid = pid
        p.ppid = selfProc.stat.ppid
        p.argv = argv
        p.cwd = cwd
        p.memKbyte = rusage.maxrss
        let memTotal = memInfo.info.memTotal
        p.memPercent = memTotal > 0 ? Double(rusage.maxrss) / Double(memTotal) : 0
        p.cpuPercent = selfProc.percent
        p.srsUptime = (nowMillis - startupMillis) / 1000

        var s = SystemInfo()
        s.cpuPercent = systemProc.percent
        s.diskReadKBps = disk.readKBps
        s.diskWriteKBps = disk.writeKBps
        s.diskBusyPercent = disk.busy
        s.memRamKbyte = memTotal
        s.memRamPercent = memInfo.info.percentRAM
        s.memSwapKbyte = memInfo.info.swapTotal
        s.memSwapPercent = memInfo.info.percentSwap
        s.cpus = Int64(processors.configured)
        s.cpusOnline = Int64(processors.online)
        s.uptime = platform.info.uptime
        s.idleTime = platform.info.idleTime
        s.load1m = platform.info.load1m
        s.load5m = platform.info.load5m
        s.load15m = platform.info.load15m
        s.netSampleTime = net.sampleTime
        s.netRecvBytes = net.totals.recvBytes
        s.netSendBytes = net.totals.sendBytes
        s.netRecviBytes = net.totals.recviBytes
        s.netSendiBytes = net.totals.sendiBytes
        s.srsSampleTime = server.sampleTime
        s.srsRecvBytes = server.recvBytes
        s.srsSendBytes = server.sendBytes
        s.connSys = server.sockets.connSys
        s.connSysET = server.sockets.connSysET
        s.connSysTW = server.sockets.connSysTW
        s.connSysUDP = server.sockets.connSysUDP
        s.connSRS = server.connSRS

        let ok = rusage.ok && selfProc.ok && systemProc.ok && processors.configured > 0 && disk.ok
            && memInfo.ok && platform.ok && server.ok
        return SummarySnapshot(ok: ok, nowMs: nowMillis, process: p, system: s)
    }
}
