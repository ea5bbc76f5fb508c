/// `/proc/stat`: the aggregate `cpu` line and the number of `cpuN` lines.
public struct ProcStat: Sendable, Equatable {
    public var cpu: CPUTimes
    /// Count of per-CPU lines (`cpu0`, `cpu1`, …): CPUs online at read time.
    public var cpuCount: Int

    public init(cpu: CPUTimes, cpuCount: Int) {
        self.cpu = cpu
        self.cpuCount = cpuCount
    }

    public static func parse(_ text: String) throws -> ProcStat {
        var cpu: CPUTimes?
        var count = 0
        for line in ProcText.lines(text) where line.hasPrefix("cpu") {
            let fields = ProcText.fields(line)
            guard let name = fields.first else { continue }
            if name == "cpu" {
                var values: [Int64] = []
                for token in fields.dropFirst().prefix(9) {
                    guard let value = ProcText.int64(token) else {
                        throw APIError.procMalformed(file: "/proc/stat", reason: "invalid number \(token)")
                    }
                    values.append(value)
                }
                guard values.count >= 4 else {
                    throw APIError.procMalformed(file: "/proc/stat", reason: "cpu line has \(values.count) columns")
                }
                values += Array(repeating: 0, count: 9 - values.count)
                cpu = CPUTimes(user: values[0], nice: values[1], sys: values[2], idle: values[3],
                               iowait: values[4], irq: values[5], softirq: values[6], steal: values[7],
                               guest: values[8])
            } else if name.dropFirst(3).allSatisfy({ $0.isASCII && $0.isNumber }), name.count > 3 {
                count += 1
            }
        }
        guard let cpu else { throw APIError.procMalformed(file: "/proc/stat", reason: "no cpu line") }
        return ProcStat(cpu: cpu, cpuCount: count)
    }
}
