import API
import Testing

@Suite struct LocalIPAddressTests {
    @Test(arguments: [
        (UInt32(0x7F00_0001), false), (0x7F00_0002, true), (0x0A01_0203, false), (0xAC10_0001, false),
        (0xAC1F_FFFF, false), (0xAC20_0000, true), (0xC0A8_0101, false), (0x0808_0808, true),
    ])
    func classifiesIPv4LikeSRS(address: UInt32, internet: Bool) {
        #expect(LocalIPAddress.isInternet(ipv4: address) == internet)
    }

    @Test func classifiesIPv6LikeSRS() {
        var loopback = [UInt8](repeating: 0, count: 16)
        loopback[15] = 1
        #expect(!LocalIPAddress.isInternet(ipv6: loopback))
        #expect(!LocalIPAddress.isInternet(ipv6: [UInt8](repeating: 0, count: 16)))
        #expect(!LocalIPAddress.isInternet(ipv6: [0xFE, 0x80] + [UInt8](repeating: 0, count: 14)))
        #expect(!LocalIPAddress.isInternet(ipv6: [0xFE, 0xC0] + [UInt8](repeating: 0, count: 14)))
        #expect(!LocalIPAddress.isInternet(ipv6: [0xFF, 0x02] + [UInt8](repeating: 0, count: 14)))
        #expect(LocalIPAddress.isInternet(ipv6: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 1, count: 12)))
        #expect(!LocalIPAddress.isInternet(ipv6: [1, 2, 3]))
    }

    @Test func prefersInternetThenNonLoopbackThenAnyAddress() {
        let lo = LocalIPAddress(interface: "lo", ip: "127.0.0.1", isIPv4: true, isInternet: false, isLoopback: true)
        let lan = LocalIPAddress(interface: "eth0", ip: "10.0.0.5", isIPv4: true, isInternet: false, isLoopback: false)
        let v6 = LocalIPAddress(interface: "eth1", ip: "2001:db8::1", isIPv4: false, isInternet: true, isLoopback: false)
        #expect(LocalIPAddress.preferredPublic([lo, lan, v6]) == "2001:db8::1")
        #expect(LocalIPAddress.preferredPublic([lo, lan, v6], ipv4Only: true) == "10.0.0.5")
        #expect(LocalIPAddress.preferredPublic([lo]) == "127.0.0.1")
        #expect(LocalIPAddress.preferredPublic([]) == "")
        #expect(LocalIPAddress.internetInterfaces([lan, v6]) == ["eth0": false, "eth1": true])
    }
}
