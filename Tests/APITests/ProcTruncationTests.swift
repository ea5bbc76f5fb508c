import API
import Testing

@Suite struct ProcTruncationTests {
    @Test func noParserCrashesOnAnyPrefixOfItsFixture() {
        let cases: [(String, (String) throws -> Void)] = [
            (ProcFixtures.stat, { _ = try ProcStat.parse($0) }),
            (ProcFixtures.meminfo, { _ = try MemInfo.parse($0) }),
            (ProcFixtures.netDev, { _ = try NetDevice.parse($0) }),
            (ProcFixtures.diskstats, { _ = try DiskDevice.parse($0) }),
            (ProcFixtures.vmstat, { _ = try VMStat.parse($0) }),
            (ProcFixtures.snmp, { _ = try SocketStats.parse(sockstat: ProcFixtures.sockstat, snmp: $0) }),
            (ProcFixtures.loadavg, { _ = try PlatformInfo.parseLoadAverage($0) }),
        ]
        for (text, parse) in cases {
            let bytes = Array(text.utf8)
            for cut in 0...bytes.count {
                do { try parse(String(decoding: bytes[0..<cut], as: UTF8.self)) } catch {
                    #expect(error is APIError)
                }
            }
        }
    }
}
