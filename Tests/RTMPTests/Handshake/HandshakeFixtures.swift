@testable import RTMP

/// Test bytes for the handshake suites, built independently of the code under test.
enum HandshakeFixtures {
    /// Big-endian bytes from hex digits (test literals only; traps on a typo).
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8).filter { $0 != UInt8(ascii: " ") }
        precondition(digits.count % 2 == 0, "odd hex literal")
        func nibble(_ c: UInt8) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: preconditionFailure("bad hex digit")
            }
        }
        return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }

    /// A deterministic 1536-byte packet: byte i = (31 i + 7) mod 256.
    static let pattern: [UInt8] = (0..<1536).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }

    /// Where `pattern` puts its digest, worked out by hand (offset bytes summed mod 728):
    /// schema0: block at 772, bytes 131+162+193+224 = 710 -> 776 + 710; schema1: block at 8,
    /// bytes 255+30+61+92 = 438 -> 12 + 438.
    static let patternDigestOffset: [HandshakeSchema: Int] = [.schema0: 1486, .schema1: 450]

    /// HMAC-SHA256("Genuine Adobe Flash Player 001", pattern without its digest), from Python's hmac.
    static let patternDigest: [HandshakeSchema: [UInt8]] = [
        .schema0: hex("83fdaa7f56fac87d75ce486db37b2722c39fb4290a29eaca81211e59612ae0fc"),
        .schema1: hex("750aa77a541293fc1c59b1d38e59bfb39b75c0cef82d64aa2a46edaedb9ddfc4"),
    ]

    /// `pattern` with its valid C1 digest written in, i.e. a genuine complex C1 of `schema`.
    static func signedC1(_ schema: HandshakeSchema) -> [UInt8] {
        var c1 = pattern
        let at = patternDigestOffset[schema] ?? 0
        c1.replaceSubrange(at..<at + 32, with: patternDigest[schema] ?? [])
        return c1
    }

    /// C0 (3) followed by `c1`.
    static func c0c1(_ c1: [UInt8]) -> [UInt8] { [3] + c1 }

    /// 1536 bytes that carry no valid digest under either schema.
    static let unsignedC1: [UInt8] = pattern

    /// A stand-in C2 (never verified by the server).
    static let c2: [UInt8] = (0..<1536).map { UInt8(truncatingIfNeeded: $0 * 5 + 1) }

    /// The first bytes of a `connect` chunk (fmt 0, csid 3, type 20), as clients pipeline them behind C2.
    static let connectStart: [UInt8] = [
        0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0xB5, 0x14, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x07,
    ]

    /// The RFC 2409 §6.2 1024-bit prime, big-endian.
    static let prime = hex("""
        FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
        EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
        EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF
        """)

    /// ASCII text of the client digest key and full keys, typed out independently of `HandshakeKeys`.
    static let fpText = Array("Genuine Adobe Flash Player 001".utf8)
    static let fmsText = Array("Genuine Adobe Flash Media Server 001".utf8)
    static let keyTail = hex("F0EEC24A8068BEE82E00D0D1029E7E576EEC5D2D29806FAB93B8E636CFEB31AE")

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
