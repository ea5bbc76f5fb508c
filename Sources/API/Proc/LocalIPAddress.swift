#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local interface address as SRS discovers it (`SrsIPAddress`, `retrieve_local_ips`).
public struct LocalIPAddress: Sendable, Equatable {
    public var interface: String
    public var ip: String
    public var isIPv4: Bool
    public var isInternet: Bool
    public var isLoopback: Bool

    public init(interface: String, ip: String, isIPv4: Bool, isInternet: Bool, isLoopback: Bool) {
        self.interface = interface
        self.ip = ip
        self.isIPv4 = isIPv4
        self.isInternet = isInternet
        self.isLoopback = isLoopback
    }

    /// SRS compat (`srs_net_device_is_internet`): 127.0.0.0–127.0.0.1, 10/8, 172.16/12 and
    /// 192.168/16 are intranet; every other IPv4 address counts as internet.
    public static func isInternet(ipv4 hostOrder: UInt32) -> Bool {
        if hostOrder >= 0x7F00_0000 && hostOrder <= 0x7F00_0001 { return false }
        if hostOrder >= 0x0A00_0000 && hostOrder <= 0x0AFF_FFFF { return false }
        if hostOrder >= 0xAC10_0000 && hostOrder <= 0xAC1F_FFFF { return false }
        if hostOrder >= 0xC0A8_0000 && hostOrder <= 0xC0A8_FFFF { return false }
        return true
    }

    /// SRS compat: loopback, unspecified, link-local (fe80::/10), site-local (fec0::/10) and
    /// multicast (ff00::/8) IPv6 addresses are intranet.
    public static func isInternet(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return false }
        let allZeroButLast = bytes[0..<15].allSatisfy { $0 == 0 }
        if allZeroButLast && (bytes[15] == 0 || bytes[15] == 1) { return false }
        if bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80 { return false }
        if bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0 { return false }
        if bytes[0] == 0xFF { return false }
        return true
    }

    /// SRS compat (`srs_get_public_internet_address`): the first internet address, else the first
    /// non-loopback one, else the first of any kind; empty when there is none.
    public static func preferredPublic(_ addresses: [LocalIPAddress], ipv4Only: Bool = false) -> String {
        let candidates = addresses.filter { !ipv4Only || $0.isIPv4 }
        if let ip = candidates.first(where: { $0.isInternet }) { return ip.ip }
        if let ip = candidates.first(where: { !$0.isLoopback }) { return ip.ip }
        return addresses.first?.ip ?? ""
    }

    /// Interface name → internet flag, last address wins (SRS's `_srs_device_ifs`), for
    /// `NetTotals.sum(_:isInternet:)`; unknown interfaces are intranet.
    public static func internetInterfaces(_ addresses: [LocalIPAddress]) -> [String: Bool] {
        var map: [String: Bool] = [:]
        for address in addresses { map[address.interface] = address.isInternet }
        return map
    }
}
