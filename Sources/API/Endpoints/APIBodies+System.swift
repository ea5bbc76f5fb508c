/// Host and process endpoints: summaries, rusages, self/system proc stats, meminfos.
extension APIBodies {
    /// `GET /api/v1/summaries`.
    public func summaries(_ s: SummarySnapshot) -> JSONValue {
        let p = s.process
        let y = s.system
        let processObject: JSONValue = [
            "version": .string(p.version), "pid": .int(p.pid), "ppid": .int(p.ppid), "argv": .string(p.argv),
            "cwd": .string(p.cwd), "mem_kbyte": .int(p.memKbyte), "mem_percent": .double(p.memPercent),
            "cpu_percent": .double(p.cpuPercent), "srs_uptime": .int(p.srsUptime),
        ]
        let systemObject: JSONValue = [
            "cpu_percent": .double(y.cpuPercent), "disk_read_KBps": .int(y.diskReadKBps),
            "disk_write_KBps": .int(y.diskWriteKBps), "disk_busy_percent": .double(y.diskBusyPercent),
            "mem_ram_kbyte": .int(y.memRamKbyte), "mem_ram_percent": .double(y.memRamPercent),
            "mem_swap_kbyte": .int(y.memSwapKbyte), "mem_swap_percent": .double(y.memSwapPercent),
            "cpus": .int(y.cpus), "cpus_online": .int(y.cpusOnline), "uptime": .double(y.uptime),
            "ilde_time": .double(y.idleTime),  // SRS compat: misspelt key kept.
            "load_1m": .double(y.load1m), "load_5m": .double(y.load5m), "load_15m": .double(y.load15m),
            "net_sample_time": .int(y.netSampleTime), "net_recv_bytes": .int(y.netRecvBytes),
            "net_send_bytes": .int(y.netSendBytes), "net_recvi_bytes": .int(y.netRecviBytes),
            "net_sendi_bytes": .int(y.netSendiBytes), "srs_sample_time": .int(y.srsSampleTime),
            "srs_recv_bytes": .int(y.srsRecvBytes), "srs_send_bytes": .int(y.srsSendBytes),
            "conn_sys": .int(y.connSys), "conn_sys_et": .int(y.connSysET), "conn_sys_tw": .int(y.connSysTW),
            "conn_sys_udp": .int(y.connSysUDP), "conn_srs": .int(y.connSRS),
        ]
        return envelope.success([
            ("data", ["ok": .bool(s.ok), "now_ms": .int(s.nowMs), "self": processObject, "system": systemObject]),
        ])
    }

    /// `GET /api/v1/rusages`.
    public func rusages(_ r: RusageSnapshot) -> JSONValue {
        envelope.success([
            ("data", [
                "ok": .bool(r.ok), "sample_time": .int(r.sampleTime), "ru_utime": .int(r.utimeSeconds),
                "ru_stime": .int(r.stimeSeconds), "ru_maxrss": .int(r.maxrss), "ru_ixrss": .int(r.ixrss),
                "ru_idrss": .int(r.idrss), "ru_isrss": .int(r.isrss), "ru_minflt": .int(r.minflt),
                "ru_majflt": .int(r.majflt), "ru_nswap": .int(r.nswap), "ru_inblock": .int(r.inblock),
                "ru_oublock": .int(r.oublock), "ru_msgsnd": .int(r.msgsnd), "ru_msgrcv": .int(r.msgrcv),
                "ru_nsignals": .int(r.nsignals), "ru_nvcsw": .int(r.nvcsw), "ru_nivcsw": .int(r.nivcsw),
            ]),
        ])
    }

    /// `GET /api/v1/self_proc_stats`: the proc(5) fields in file order after the header keys.
    public func selfProcStats(_ s: SelfProcSnapshot) -> JSONValue {
        var data = JSONObjectBuilder([
            ("ok", .bool(s.ok)), ("sample_time", .int(s.sampleTime)), ("percent", .double(s.percent)),
            ("pid", .int(s.stat.pid)), ("comm", .string(s.stat.comm)), ("state", .string(s.stat.state)),
        ])
        for field in ProcSelfStat.Field.allCases {
            data.set(field.key, .int(s.stat[field]))
        }
        return envelope.success([("data", data.value)])
    }

    /// `GET /api/v1/system_proc_stats`.
    public func systemProcStats(_ s: SystemProcSnapshot) -> JSONValue {
        envelope.success([
            ("data", [
                "ok": .bool(s.ok), "sample_time": .int(s.sampleTime), "percent": .double(s.percent),
                "user": .int(s.cpu.user), "nice": .int(s.cpu.nice), "sys": .int(s.cpu.sys), "idle": .int(s.cpu.idle),
                "iowait": .int(s.cpu.iowait), "irq": .int(s.cpu.irq), "softirq": .int(s.cpu.softirq),
                "steal": .int(s.cpu.steal), "guest": .int(s.cpu.guest),
            ]),
        ])
    }

    /// `GET /api/v1/meminfos`.
    public func meminfos(_ s: MemInfoSnapshot) -> JSONValue {
        let m = s.info
        return envelope.success([
            ("data", [
                "ok": .bool(s.ok), "sample_time": .int(s.sampleTime), "percent_ram": .double(m.percentRAM),
                "percent_swap": .double(m.percentSwap), "MemActive": .int(m.memActive),
                "RealInUse": .int(m.realInUse), "NotInUse": .int(m.notInUse), "MemTotal": .int(m.memTotal),
                "MemFree": .int(m.memFree), "Buffers": .int(m.buffers), "Cached": .int(m.cached),
                "SwapTotal": .int(m.swapTotal), "SwapFree": .int(m.swapFree),
            ]),
        ])
    }
}
