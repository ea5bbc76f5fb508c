/// One interface line of `/proc/net/dev`: total received and sent bytes.
public struct NetDevice: Sendable, Equatable {
    public var name: String
    public var recvBytes: Int64
    public var sendBytes: Int64

    public init(name: String, recvBytes: Int64, sendBytes: Int64) {
        self.name = name
        self.recvBytes = recvBytes
        self.sendBytes = sendBytes
    }

    /// Parses `/proc/net/dev`: two header lines, then `name: rx_bytes … (8 rx) tx_bytes …`.
    public static func parse(_ text: String) throws -> [NetDevice] {
        var devices: [NetDevice] = []
        for line in ProcText.lines(text) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].filter { $0 != " " && $0 != "\t" }
            // The header lines contain '|' and no colon-separated counters.
            guard !name.isEmpty, !line.contains("|") else { continue }
            let fields = ProcText.fields(line[line.index(after: colon)...])
            guard fields.count >= 9, let rx = ProcText.int64(fields[0]), let tx = ProcText.int64(fields[8]) else {
                throw APIError.procMalformed(file: "/proc/net/dev", reason: "bad counters for \(name)")
            }
            devices.append(NetDevice(name: String(name), recvBytes: rx, sendBytes: tx))
        }
        return devices
    }
}
