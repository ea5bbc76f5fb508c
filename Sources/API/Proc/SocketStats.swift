/// Host connection counts SRS reports as `conn_sys*` (from `/proc/net/sockstat` and `/proc/net/snmp`).
public struct SocketStats: Sendable, Equatable {
    /// `TCP: alloc` from sockstat.
    public var tcpAllocated: Int64 = 0
    /// `TCP: tw` from sockstat.
    public var tcpTimeWait: Int64 = 0
    /// `UDP: inuse` from sockstat.
    public var udpInUse: Int64 = 0
    /// `Tcp: CurrEstab` from snmp.
    public var tcpEstablished: Int64 = 0

    public init(tcpAllocated: Int64 = 0, tcpTimeWait: Int64 = 0, udpInUse: Int64 = 0, tcpEstablished: Int64 = 0) {
        self.tcpAllocated = tcpAllocated
        self.tcpTimeWait = tcpTimeWait
        self.udpInUse = udpInUse
        self.tcpEstablished = tcpEstablished
    }

    /// SRS compat (`srs_update_rtmp_server`, after iproute2 `ss -s`): `conn_sys = alloc + tw`.
    public var connSys: Int64 { tcpAllocated + tcpTimeWait }
    public var connSysET: Int64 { tcpEstablished }
    public var connSysTW: Int64 { tcpTimeWait }
    public var connSysUDP: Int64 { udpInUse }

    /// Reads `TCP: inuse N orphan N tw N alloc N mem N` and `UDP: inuse N` by name.
    public mutating func parseSockstat(_ text: String) throws {
        var sawTCP = false
        for line in ProcText.lines(text) {
            let f = ProcText.fields(line)
            guard let head = f.first else { continue }
            let pairs = SocketStats.pairs(f.dropFirst())
            if head == "TCP:" {
                sawTCP = true
                tcpTimeWait = pairs["tw"] ?? 0
                tcpAllocated = pairs["alloc"] ?? 0
            } else if head == "UDP:" {
                udpInUse = pairs["inuse"] ?? 0
            }
        }
        guard sawTCP else { throw APIError.procMalformed(file: "/proc/net/sockstat", reason: "no TCP line") }
    }

    /// Reads `CurrEstab` from the `Tcp:` header/value line pair.
    public mutating func parseSNMP(_ text: String) throws {
        let lines = ProcText.lines(text).filter { $0.hasPrefix("Tcp:") }
        guard lines.count >= 2 else { throw APIError.procMalformed(file: "/proc/net/snmp", reason: "no Tcp lines") }
        let names = ProcText.fields(lines[0])
        let values = ProcText.fields(lines[1])
        guard let column = names.firstIndex(of: "CurrEstab"), column < values.count,
            let value = ProcText.int64(values[column])
        else {
            throw APIError.procMalformed(file: "/proc/net/snmp", reason: "no CurrEstab value")
        }
        tcpEstablished = value
    }

    public static func parse(sockstat: String, snmp: String) throws -> SocketStats {
        var stats = SocketStats()
        try stats.parseSockstat(sockstat)
        try stats.parseSNMP(snmp)
        return stats
    }

    private static func pairs(_ tokens: ArraySlice<Substring>) -> [Substring: Int64] {
        var result: [Substring: Int64] = [:]
        var index = tokens.startIndex
        while index + 1 < tokens.endIndex {
            if let value = ProcText.int64(tokens[index + 1]) { result[tokens[index]] = value }
            index += 2
        }
        return result
    }
}
