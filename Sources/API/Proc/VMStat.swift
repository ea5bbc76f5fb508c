/// Paging counters from `/proc/vmstat` (KB paged in/out, which SRS reports as disk KBps).
public struct VMStat: Sendable, Equatable {
    public var pgpgin: Int64 = 0
    public var pgpgout: Int64 = 0

    public init(pgpgin: Int64 = 0, pgpgout: Int64 = 0) {
        self.pgpgin = pgpgin
        self.pgpgout = pgpgout
    }

    public static func parse(_ text: String) throws -> VMStat {
        var stat = VMStat()
        var seen = 0
        for line in ProcText.lines(text) {
            let fields = ProcText.fields(line)
            guard fields.count >= 2 else { continue }
            if fields[0] == "pgpgin", let v = ProcText.int64(fields[1]) {
                stat.pgpgin = v
                seen += 1
            } else if fields[0] == "pgpgout", let v = ProcText.int64(fields[1]) {
                stat.pgpgout = v
                seen += 1
            }
        }
        guard seen == 2 else { throw APIError.procMalformed(file: "/proc/vmstat", reason: "no pgpgin/pgpgout") }
        return stat
    }
}
