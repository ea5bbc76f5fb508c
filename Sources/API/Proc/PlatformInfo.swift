/// `/proc/uptime` and `/proc/loadavg` (SRS `SrsPlatformInfo`).
public struct PlatformInfo: Sendable, Equatable {
    /// Seconds since boot.
    public var uptime: Double = 0
    /// Summed idle seconds of all CPUs (SRS names it `ilde_time`).
    public var idleTime: Double = 0
    public var load1m: Double = 0
    public var load5m: Double = 0
    public var load15m: Double = 0

    public init(uptime: Double = 0, idleTime: Double = 0, load1m: Double = 0, load5m: Double = 0,
                load15m: Double = 0) {
        self.uptime = uptime
        self.idleTime = idleTime
        self.load1m = load1m
        self.load5m = load5m
        self.load15m = load15m
    }

    /// Parses `/proc/uptime` (`"1191.44 1626.06"`) into `(uptime, idle)`.
    public static func parseUptime(_ text: String) throws -> (uptime: Double, idle: Double) {
        let fields = ProcText.fields(Substring(text.split(separator: "\n").first ?? ""))
        guard fields.count >= 2, let up = ProcText.double(fields[0]), let idle = ProcText.double(fields[1]) else {
            throw APIError.procMalformed(file: "/proc/uptime", reason: "expected two numbers")
        }
        return (up, idle)
    }

    /// Parses `/proc/loadavg` (`"0.28 0.97 0.69 1/100 26571"`) into the three load averages.
    public static func parseLoadAverage(_ text: String) throws -> (Double, Double, Double) {
        let fields = ProcText.fields(Substring(text.split(separator: "\n").first ?? ""))
        guard fields.count >= 3, let a = ProcText.double(fields[0]), let b = ProcText.double(fields[1]),
            let c = ProcText.double(fields[2])
        else {
            throw APIError.procMalformed(file: "/proc/loadavg", reason: "expected three numbers")
        }
        return (a, b, c)
    }

    /// Both files at once.
    public static func parse(uptime: String, loadAverage: String) throws -> PlatformInfo {
        let (up, idle) = try parseUptime(uptime)
        let (l1, l5, l15) = try parseLoadAverage(loadAverage)
        return PlatformInfo(uptime: up, idleTime: idle, load1m: l1, load5m: l5, load15m: l15)
    }
}
