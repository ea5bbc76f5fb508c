/// HTTP Basic authentication (RFC 7617) for the API (`http_api { auth { ... } }`).
public struct BasicAuth: Equatable, Sendable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The challenge sent with 401 (SRS's realm).
    public static let challenge = #"Basic realm="SRS""#

    /// Whether an `Authorization` header carries these credentials. The comparison takes the
    /// same time whatever the bytes (no early exit), so the password cannot be guessed by timing.
    public func accepts(_ header: String?) -> Bool {
        guard let header, let decoded = BasicAuth.decode(header) else { return false }
        let expected = Array("\(username):\(password)".utf8)
        var difference = UInt8(expected.count == decoded.count ? 0 : 1)
        for index in 0..<max(expected.count, decoded.count) {
            let a = index < expected.count ? expected[index] : 0
            let b = index < decoded.count ? decoded[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    /// `Basic <base64>` → the decoded `user:password` bytes; nil when malformed.
    public static func decode(_ header: String) -> [UInt8]? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic" else { return nil }
        return base64Decode(parts[1].trimmingCharacters(in: " \t"))
    }

    /// Standard base64 (RFC 4648 §4) with padding; nil for anything else.
    static func base64Decode(_ text: Substring) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3)
        var index = 0
        while index < bytes.count {
            var values: [UInt8] = []
            var padding = 0
            for offset in 0..<4 {
                let byte = bytes[index + offset]
                if byte == UInt8(ascii: "=") {
                    guard index + 4 == bytes.count, offset >= 2 else { return nil }
                    padding += 1
                    values.append(0)
                    continue
                }
                guard padding == 0, let value = sextet(byte) else { return nil }
                values.append(value)
            }
            let triple = UInt32(values[0]) << 18 | UInt32(values[1]) << 12 | UInt32(values[2]) << 6 | UInt32(values[3])
            out.append(UInt8(truncatingIfNeeded: triple >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: triple >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: triple)) }
            index += 4
        }
        return out
    }

    static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
