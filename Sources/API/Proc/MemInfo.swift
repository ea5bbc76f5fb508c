/// `/proc/meminfo` fields SRS reads (kB), plus SRS's derived figures (`SrsMemInfo`).
public struct MemInfo: Sendable, Equatable {
    public var memTotal: Int64 = 0
    public var memFree: Int64 = 0
    public var buffers: Int64 = 0
    public var cached: Int64 = 0
    public var swapTotal: Int64 = 0
    public var swapFree: Int64 = 0

    public init(memTotal: Int64 = 0, memFree: Int64 = 0, buffers: Int64 = 0, cached: Int64 = 0,
                swapTotal: Int64 = 0, swapFree: Int64 = 0) {
        self.memTotal = memTotal
        self.memFree = memFree
        self.buffers = buffers
        self.cached = cached
        self.swapTotal = swapTotal
        self.swapFree = swapFree
    }

    /// SRS: `MemActive = MemTotal - MemFree`.
    public var memActive: Int64 { memTotal - memFree }
    /// SRS: `RealInUse = MemActive - Buffers - Cached`.
    public var realInUse: Int64 { memActive - buffers - cached }
    /// SRS: `NotInUse = MemTotal - RealInUse`.
    public var notInUse: Int64 { memTotal - realInUse }
    /// Fraction in [0, 1] (SRS reports fractions, not percentages): `RealInUse / MemTotal`.
    public var percentRAM: Double { memTotal > 0 ? Double(realInUse) / Double(memTotal) : 0 }
    /// Fraction in [0, 1]: `(SwapTotal - SwapFree) / SwapTotal`.
    public var percentSwap: Double { swapTotal > 0 ? Double(swapTotal - swapFree) / Double(swapTotal) : 0 }

    public static func parse(_ text: String) throws -> MemInfo {
        var info = MemInfo()
        var sawTotal = false
        for line in ProcText.lines(text) {
            if let v = ProcText.keyedValue(line, key: "MemTotal:") {
                info.memTotal = v
                sawTotal = true
            } else if let v = ProcText.keyedValue(line, key: "MemFree:") {
                info.memFree = v
            } else if let v = ProcText.keyedValue(line, key: "Buffers:") {
                info.buffers = v
            } else if let v = ProcText.keyedValue(line, key: "Cached:") {
                info.cached = v
            } else if let v = ProcText.keyedValue(line, key: "SwapTotal:") {
                info.swapTotal = v
            } else if let v = ProcText.keyedValue(line, key: "SwapFree:") {
                info.swapFree = v
            }
        }
        guard sawTotal else { throw APIError.procMalformed(file: "/proc/meminfo", reason: "no MemTotal") }
        return info
    }
}
