#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONValue {
    /// Compact JSON text (no spaces), keys in order, doubles as `%.2f`.
    public var encoded: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        encode(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Compact JSON as UTF-8 bytes, ready for an HTTP body.
    public var encodedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        encode(into: &out)
        return out
    }

    /// Appends the compact encoding of `self` to `out`.
    public func encode(into out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let b):
            out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i):
            JSONValue.appendInteger(i, to: &out)
        case .double(let d):
            JSONValue.appendFixed2(d, to: &out)
        case .string(let s):
            JSONValue.appendQuoted(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.encode(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.appendQuoted(pair.0, to: &out)
                out.append(UInt8(ascii: ":"))
                pair.1.encode(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Decimal digits of a signed 64-bit integer (handles `Int64.min`).
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out.append(contentsOf: digits.reversed())
    }

    /// SRS compat: numbers print as C `%.2f` (glibc rounding); NaN and infinities print as `0.00`
    /// because they are not valid JSON.
    static func appendFixed2(_ value: Double, to out: inout [UInt8]) {
        let finite = value.isFinite ? value : 0
        var buffer = [CChar](repeating: 0, count: 352)
        let written = buffer.withUnsafeMutableBufferPointer { ptr in
            withVaList([finite]) { vsnprintf(ptr.baseAddress, ptr.count, "%.2f", $0) }
        }
        guard written > 0 else {
            out.append(contentsOf: "0.00".utf8)
            return
        }
        let count = min(Int(written), buffer.count - 1)
        for index in 0..<count { out.append(UInt8(bitPattern: buffer[index])) }
    }

    /// RFC 8259 §7 string: quote, backslash and C0 controls escaped (`\u00XX`), UTF-8 passed through.
    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x00..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
