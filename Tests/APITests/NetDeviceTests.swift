import API
import Testing

@Suite struct NetDeviceTests {
    @Test func parsesInterfacesSkippingHeaders() throws {
        let devices = try NetDevice.parse(ProcFixtures.netDev)
        #expect(devices.map(\.name) == ["lo", "ifb0", "ifb1", "eth0"])
        #expect(devices[0] == NetDevice(name: "lo", recvBytes: 47_145_056_694, sendBytes: 47_145_056_694))
        #expect(devices[3] == NetDevice(name: "eth0", recvBytes: 123_179_025, sendBytes: 95420))
    }

    @Test func sumsInternetAndIntranetLikeSRS() throws {
        let devices = try NetDevice.parse(ProcFixtures.netDev) + [NetDevice(name: "eth1", recvBytes: 5, sendBytes: 6)]
        let internet: [String: Bool] = ["eth0": true, "lo": true, "eth1": false]
        let totals = NetTotals.sum(devices) { internet[$0] ?? false }
        #expect(totals.recvBytes == 123_179_025)
        #expect(totals.sendBytes == 95420)
        #expect(totals.recviBytes == 47_145_056_694 + 5, "lo is always intranet, unknown too")
        #expect(totals.sendiBytes == 47_145_056_694 + 6)
    }

    @Test func rejectsAnInterfaceLineWithTooFewCounters() {
        #expect(throws: APIError.self) { try NetDevice.parse("eth0: 1 2 3\n") }
        #expect(throws: APIError.self) { try NetDevice.parse("eth0: 1 2 3 4 5 6 7 8 x\n") }
    }
}
