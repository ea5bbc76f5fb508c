#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `getrusage(RUSAGE_SELF)` as SRS reports it in `/api/v1/rusages` (times in whole seconds).
public struct RusageSnapshot: Sendable, Equatable {
    public var ok = false
    /// Wall-clock milliseconds of the sample.
    public var sampleTime: Int64 = 0
    /// SRS compat: only `tv_sec` of `ru_utime`/`ru_stime` is reported.
    public var utimeSeconds: Int64 = 0
    public var stimeSeconds: Int64 = 0
    /// Peak resident set in KB (also `mem_kbyte` in summaries).
    public var maxrss: Int64 = 0
    public var ixrss: Int64 = 0
    public var idrss: Int64 = 0
    public var isrss: Int64 = 0
    public var minflt: Int64 = 0
    public var majflt: Int64 = 0
    public var nswap: Int64 = 0
    public var inblock: Int64 = 0
    public var oublock: Int64 = 0
    public var msgsnd: Int64 = 0
    public var msgrcv: Int64 = 0
    public var nsignals: Int64 = 0
    public var nvcsw: Int64 = 0
    public var nivcsw: Int64 = 0

    public init() {}

    /// Samples the calling process now; `ok` is false when `getrusage` fails.
    public static func current(sampleTime: Int64) -> RusageSnapshot {
        var usage = rusage()
        #if canImport(Glibc)
        let rc = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        let rc = getrusage(RUSAGE_SELF, &usage)
        #endif
        guard rc == 0 else { return RusageSnapshot() }
        var s = RusageSnapshot()
        s.ok = true
        s.sampleTime = sampleTime
        s.utimeSeconds = Int64(usage.ru_utime.tv_sec)
        s.stimeSeconds = Int64(usage.ru_stime.tv_sec)
        s.maxrss = Int64(usage.ru_maxrss)
        s.ixrss = Int64(usage.ru_ixrss)
        s.idrss = Int64(usage.ru_idrss)
        s.isrss = Int64(usage.ru_isrss)
        s.minflt = Int64(usage.ru_minflt)
        s.majflt = Int64(usage.ru_majflt)
        s.nswap = Int64(usage.ru_nswap)
        s.inblock = Int64(usage.ru_inblock)
        s.oublock = Int64(usage.ru_oublock)
        s.msgsnd = Int64(usage.ru_msgsnd)
        s.msgrcv = Int64(usage.ru_msgrcv)
        s.nsignals = Int64(usage.ru_nsignals)
        s.nvcsw = Int64(usage.ru_nvcsw)
        s.nivcsw = Int64(usage.ru_nivcsw)
        return s
    }
}
