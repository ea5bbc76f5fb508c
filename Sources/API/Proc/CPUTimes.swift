/// Jiffies from the aggregate `cpu` line of `/proc/stat` (proc(5)); `guest_nice` is ignored as SRS does.
public struct CPUTimes: Sendable, Equatable {
    public var user: Int64 = 0
    public var nice: Int64 = 0
    public var sys: Int64 = 0
    public var idle: Int64 = 0
    public var iowait: Int64 = 0
    public var irq: Int64 = 0
    public var softirq: Int64 = 0
    public var steal: Int64 = 0
    public var guest: Int64 = 0

    public init(user: Int64 = 0, nice: Int64 = 0, sys: Int64 = 0, idle: Int64 = 0, iowait: Int64 = 0,
                irq: Int64 = 0, softirq: Int64 = 0, steal: Int64 = 0, guest: Int64 = 0) {
        self.user = user
        self.nice = nice
        self.sys = sys
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
        self.guest = guest
    }

    /// SRS compat: `SrsProcSystemStat::total()` sums all nine columns (guest included).
    public var total: Int64 {
        user &+ nice &+ sys &+ idle &+ iowait &+ irq &+ softirq &+ steal &+ guest
    }
}
