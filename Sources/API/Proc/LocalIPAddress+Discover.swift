#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalIPAddress {
    /// Lists interface addresses with `getifaddrs`, in SRS's order: IPv4 (up, running, not
    /// loopback/point-to-point), then IPv6 (also not promiscuous), and IPv4 loopback only if
    /// nothing else was found.
    public static func discover() throws -> [LocalIPAddress] {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0 else { throw APIError.systemCallFailed(call: "getifaddrs", errno: errno) }
        defer { freeifaddrs(head) }
        var entries: [(name: String, flags: UInt32, family: Int32, address: UnsafeMutablePointer<sockaddr>)] = []
        var cursor = head
        while let entry = cursor {
            if let address = entry.pointee.ifa_addr, let name = entry.pointee.ifa_name {
                entries.append((String(cString: name), entry.pointee.ifa_flags, Int32(address.pointee.sa_family),
                                address))
            }
            cursor = entry.pointee.ifa_next
        }
        let up = UInt32(IFF_UP) | UInt32(IFF_RUNNING)
        let loopback = UInt32(IFF_LOOPBACK)
        let pointToPoint = UInt32(IFF_POINTOPOINT)
        let promiscuous = UInt32(IFF_PROMISC)

        var result: [LocalIPAddress] = []
        for e in entries where e.family == AF_INET && e.flags & up == up && e.flags & (loopback | pointToPoint) == 0 {
            if let ip = describe(e.address, interface: e.name, loopback: false) { result.append(ip) }
        }
        for e in entries where e.family == AF_INET6 && e.flags & up == up
            && e.flags & (loopback | pointToPoint | promiscuous) == 0
        {
            if let ip = describe(e.address, interface: e.name, loopback: false) { result.append(ip) }
        }
        if result.isEmpty {
            for e in entries where e.family == AF_INET && e.flags & up == up
                && e.flags & (pointToPoint | promiscuous) == 0
            {
                if let ip = describe(e.address, interface: e.name, loopback: e.flags & loopback != 0) {
                    result.append(ip)
                }
            }
        }
        return result
    }

    private static func describe(_ address: UnsafeMutablePointer<sockaddr>, interface: String,
                                 loopback: Bool) -> LocalIPAddress? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if Int32(address.pointee.sa_family) == AF_INET {
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var raw = sin.pointee.sin_addr
                guard inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil else { return nil }
                let hostOrder = UInt32(bigEndian: raw.s_addr)
                return LocalIPAddress(interface: interface, ip: cString(text), isIPv4: true,
                                      isInternet: isInternet(ipv4: hostOrder), isLoopback: loopback)
            }
        }
        return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
            var raw = sin6.pointee.sin6_addr
            guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else { return nil }
            let bytes = withUnsafeBytes(of: &raw) { Array($0) }
            return LocalIPAddress(interface: interface, ip: cString(text), isIPv4: false,
                                  isInternet: isInternet(ipv6: bytes), isLoopback: loopback)
        }
    }

    /// The NUL-terminated prefix of a C buffer as a String.
    private static func cString(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
