import API
import Testing

@Suite struct PlatformInfoTests {
    @Test func parsesUptimeAndLoadAverage() throws {
        let p = try PlatformInfo.parse(uptime: ProcFixtures.uptime, loadAverage: ProcFixtures.loadavg)
        #expect(p == PlatformInfo(uptime: 1191.44, idleTime: 1626.06, load1m: 0.28, load5m: 0.97, load15m: 0.69))
    }

    @Test func rejectsMalformedText() {
        #expect(throws: APIError.self) { try PlatformInfo.parseUptime("12.5\n") }
        #expect(throws: APIError.self) { try PlatformInfo.parseLoadAverage("0.1 x 0.3\n") }
        #expect(throws: APIError.self) { try PlatformInfo.parseLoadAverage("") }
    }
}
