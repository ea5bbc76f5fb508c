import Testing
@testable import RTMP

@Suite("HMAC-SHA256")
struct HMACSHA256Tests {
    typealias F = HandshakeFixtures

    /// RFC 4231 §4.2-§4.8 (case 5 is truncated to 128 bits by the RFC).
    static let vectors: [(name: String, key: [UInt8], data: [UInt8], mac: [UInt8])] = [
        ("case 1", [UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8),
         F.hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")),
        ("case 2", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         F.hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
        ("case 3", [UInt8](repeating: 0xAA, count: 20), [UInt8](repeating: 0xDD, count: 50),
         F.hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")),
        ("case 4", Array(1...25), [UInt8](repeating: 0xCD, count: 50),
         F.hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")),
        ("case 5", [UInt8](repeating: 0x0C, count: 20), Array("Test With Truncation".utf8),
         F.hex("a3b6167473100ee06e0c796c2955552b")),
        ("case 6", [UInt8](repeating: 0xAA, count: 131),
         Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         F.hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")),
        ("case 7", [UInt8](repeating: 0xAA, count: 131),
         Array(("This is a test using a larger than block-size key and a larger than block-size data. "
             + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
         F.hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")),
    ]

    @Test("matches the RFC 4231 test vectors", arguments: 0..<vectors.count)
    func matchesRFC4231(index: Int) throws {
        let vector = Self.vectors[index]
        let mac = try HMACSHA256.authenticate(key: vector.key, data: vector.data)
        #expect(mac.count == 32, "\(vector.name)")
        #expect(Array(mac.prefix(vector.mac.count)) == vector.mac, "\(vector.name)")
    }

    @Test func handlesEmptyKeyAndData() throws {
        let mac = try HMACSHA256.authenticate(key: [UInt8](), data: [UInt8]())
        #expect(mac == F.hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }

    @Test func givesTheSameDigestForSlicesArraysAndRawBuffers() throws {
        let vector = Self.vectors[1]
        let padded = [0xEE] + vector.data + [0xEE]
        let fromSlice = try HMACSHA256.authenticate(key: vector.key[...], data: padded[1..<padded.count - 1])
        let fromRaw = try vector.key.withUnsafeBytes { key in
            try vector.data.withUnsafeBytes { data in try HMACSHA256.authenticate(key: key, data: data) }
        }
        let fromSequence = try HMACSHA256.authenticate(key: vector.key.lazy.map { $0 }, data: vector.data)
        #expect(fromSlice == vector.mac)
        #expect(fromRaw == vector.mac)
        #expect(fromSequence == vector.mac)
    }
}
