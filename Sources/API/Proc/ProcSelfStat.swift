/// `/proc/self/stat` (proc(5)), fields 1–44 as SRS's `SrsProcSelfStat` reads them.
public struct ProcSelfStat: Sendable, Equatable {
    /// Numeric fields after `state`, in proc(5) order; the raw value is the field number.
    public enum Field: Int, CaseIterable, Sendable {
        case ppid = 4, pgrp, session, ttyNr, tpgid, flags, minflt, cminflt, majflt, cmajflt
        case utime, stime, cutime, cstime, priority, nice, numThreads, itrealvalue, starttime
        case vsize, rss, rsslim, startcode, endcode, startstack, kstkesp, kstkeip, signal
        case blocked, sigignore, sigcatch, wchan, nswap, cnswap, exitSignal, processor
        case rtPriority, policy, delayacctBlkioTicks, guestTime, cguestTime

        /// The SRS JSON key (`self_proc_stats`).
        public var key: String {
            switch self {
            case .ppid: return "ppid"
            case .pgrp: return "pgrp"
            case .session: return "session"
            case .ttyNr: return "tty_nr"
            case .tpgid: return "tpgid"
            case .flags: return "flags"
            case .minflt: return "minflt"
            case .cminflt: return "cminflt"
            case .majflt: return "majflt"
            case .cmajflt: return "cmajflt"
            case .utime: return "utime"
            case .stime: return "stime"
            case .cutime: return "cutime"
            case .cstime: return "cstime"
            case .priority: return "priority"
            case .nice: return "nice"
            case .numThreads: return "num_threads"
            case .itrealvalue: return "itrealvalue"
            case .starttime: return "starttime"
            case .vsize: return "vsize"
            case .rss: return "rss"
            case .rsslim: return "rsslim"
            case .startcode: return "startcode"
            case .endcode: return "endcode"
            case .startstack: return "startstack"
            case .kstkesp: return "kstkesp"
            case .kstkeip: return "kstkeip"
            case .signal: return "signal"
            case .blocked: return "blocked"
            case .sigignore: return "sigignore"
            case .sigcatch: return "sigcatch"
            case .wchan: return "wchan"
            case .nswap: return "nswap"
            case .cnswap: return "cnswap"
            case .exitSignal: return "exit_signal"
            case .processor: return "processor"
            case .rtPriority: return "rt_priority"
            case .policy: return "policy"
            case .delayacctBlkioTicks: return "delayacct_blkio_ticks"
            case .guestTime: return "guest_time"
            case .cguestTime: return "cguest_time"
            }
        }
    }

    public var pid: Int64
    /// SRS compat: includes the parentheses, as SRS's `%s` scan keeps them (`"(srs)"`).
    public var comm: String
    /// One character, e.g. `"S"`.
    public var state: String
    /// Values for `Field.allCases`, same order; fields missing from an old kernel are 0.
    public var numbers: [Int64]

    public init(pid: Int64 = 0, comm: String = "", state: String = "", numbers: [Int64] = []) {
        self.pid = pid
        self.comm = comm
        self.state = state
        let count = Field.allCases.count
        self.numbers = Array((numbers + Array(repeating: 0, count: count)).prefix(count))
    }

    public subscript(field: Field) -> Int64 {
        get { numbers[field.rawValue - Field.ppid.rawValue] }
        set { numbers[field.rawValue - Field.ppid.rawValue] = newValue }
    }

    public var ppid: Int64 { self[.ppid] }
    /// User-mode CPU time in clock ticks.
    public var utime: Int64 { self[.utime] }
    /// Kernel-mode CPU time in clock ticks.
    public var stime: Int64 { self[.stime] }
    /// Resident pages.
    public var rss: Int64 { self[.rss] }

    /// Parses the text of `/proc/<pid>/stat`. `comm` may contain spaces and parentheses, so the
    /// fields after it are located from the last `)`.
    public static func parse(_ text: String) throws -> ProcSelfStat {
        func bad(_ reason: String) -> APIError { .procMalformed(file: "/proc/self/stat", reason: reason) }
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else {
            throw bad("no (comm)")
        }
        guard let pid = ProcText.int64(Substring(text[..<open].filter { $0 != " " })) else {
            throw bad("invalid pid")
        }
        let comm = String(text[open...close])
        let rest = ProcText.fields(text[text.index(after: close)...].split(separator: "\n").first ?? "")
        guard let stateToken = rest.first, stateToken.count == 1 else { throw bad("invalid state") }
        // utime and stime (fields 14, 15) are needed for the CPU percent; later ones may be absent.
        let required = Field.stime.rawValue - Field.ppid.rawValue + 1
        guard rest.count - 1 >= required else { throw bad("only \(rest.count - 1) numeric fields") }
        var numbers: [Int64] = []
        numbers.reserveCapacity(Field.allCases.count)
        for token in rest.dropFirst().prefix(Field.allCases.count) {
            guard let value = ProcText.int64(token) else { throw bad("invalid number \(token)") }
            numbers.append(value)
        }
        return ProcSelfStat(pid: pid, comm: comm, state: String(stateToken), numbers: numbers)
    }
}
