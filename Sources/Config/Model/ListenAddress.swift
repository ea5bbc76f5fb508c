#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An `[ip:]port` listen endpoint: `1935`, `127.0.0.1:1935`, `[::]:1935`, `[::1]:1935`.
public struct ListenAddress: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Host used when only a port is given.
    /// SRS picks `::` when the machine has IPv6; we keep IPv4-any, the common deployment.
    public static let anyHost = "0.0.0.0"

    /// A numeric IPv4 or IPv6 address (no brackets).
    public let host: String
    public let port: UInt16

    public init(host: String = ListenAddress.anyHost, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses one listen argument; nil if the host is not a numeric IP or the port is not 1...65535.
    public init?(parsing text: String) {
        guard case .valid(let address) = Self.parse(text) else { return nil }
        self = address
    }

    public var isIPv6: Bool { host.contains(":") }

    /// `host:port`, with brackets around IPv6 hosts.
    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Outcome of parsing, with SRS's message (`listen.ip=X is invalid`) on failure.
    enum Parsed: Equatable {
        case valid(ListenAddress)
        case invalid(String)
    }

    /// Splits like SRS `srs_parse_endpoint` (last `:` separates the port, `[v6]:port` unbracketed),
    /// then validates like `check_normal_config` plus an upper bound on the port.
    static func parse(_ text: String, key: String = "listen") -> Parsed {
        let host: String
        let portText: Substring
        if let colon = text.lastIndex(of: ":") {
            var hostPart = text[..<colon]
            if hostPart.hasPrefix("[") && hostPart.hasSuffix("]") && hostPart.count >= 2 {
                hostPart = hostPart.dropFirst().dropLast()
            }
            host = String(hostPart)
            portText = text[text.index(after: colon)...]
        } else {
            host = anyHost
            portText = Substring(text)
        }
        guard isNumericIP(host) else { return .invalid("\(key).ip=\(host) is invalid") }
        guard let port = BlockReader.parseInt(String(portText)), port >= 1, port <= 65535 else {
            return .invalid("\(key).port=\(portText) is invalid")
        }
        return .valid(ListenAddress(host: host, port: UInt16(port)))
    }

    /// SRS `srs_check_ip_addr_valid`: inet_pton accepts it as IPv4 or IPv6.
    private static func isNumericIP(_ host: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return true }
        var v6 = in6_addr()
        return inet_pton(AF_INET6, host, &v6) == 1
    }
}
