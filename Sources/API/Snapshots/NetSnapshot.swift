/// Host interfaces' byte counters, classified (`net_*` in summaries).
public struct NetSnapshot: Sendable, Equatable {
    public var sampleTime: Int64 = 0
    public var totals = NetTotals()

    public init(sampleTime: Int64 = 0, totals: NetTotals = NetTotals()) {
        self.sampleTime = sampleTime
        self.totals = totals
    }
}
