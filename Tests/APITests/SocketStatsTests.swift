import API
import Testing

@Suite struct SocketStatsTests {
    @Test func computesConnectionCountsLikeSRS() throws {
        let s = try SocketStats.parse(sockstat: ProcFixtures.sockstat, snmp: ProcFixtures.snmp)
        #expect(s.connSys == 6 + 37, "alloc + tw")
        #expect(s.connSysET == 4, "Tcp CurrEstab")
        #expect(s.connSysTW == 37)
        #expect(s.connSysUDP == 0)
    }

    @Test func rejectsMissingSections() {
        #expect(throws: APIError.self) { try SocketStats.parse(sockstat: "sockets: used 1\n", snmp: ProcFixtures.snmp) }
        #expect(throws: APIError.self) { try SocketStats.parse(sockstat: ProcFixtures.sockstat, snmp: "Ip: a\nIp: 1\n") }
        #expect(throws: APIError.self) {
            try SocketStats.parse(sockstat: ProcFixtures.sockstat, snmp: "Tcp: A B\nTcp: 1 2\n")
        }
    }
}
