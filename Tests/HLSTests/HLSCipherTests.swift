import HLS
import Testing

@Suite struct HLSCipherTests {
    private static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test(arguments: [(0, 16), (1, 15), (15, 1), (16, 16), (188, 4), (376, 8), (564, 12), (752, 16)])
    func pkcs7PadsToTheNextBlockAndAWholeBlockWhenAligned(count: Int, padding: Int) {
        var bytes = [UInt8](repeating: 0x47, count: count)
        HLSCipher.pad(&bytes)
        #expect(bytes.count == count + padding)
        #expect(bytes.suffix(padding).allSatisfy { Int($0) == padding })
    }

    @Test func encryptsAsNISTCBCAES128() throws {
        // SP 800-38A F.2.1, first block; PKCS7 then adds a block of 0x10.
        var bytes = Self.hex("6bc1bee22e409f96e93d7e117393172a")
        try HLSCipher.encrypt(&bytes, key: Self.hex("2b7e151628aed2a6abf7158809cf4f3c"),
                              iv: Self.hex("000102030405060708090a0b0c0d0e0f"))
        #expect(bytes.count == 32)
        #expect(Array(bytes.prefix(16)) == Self.hex("7649abac8119b246cee98e9b12e9197d"))
    }

    @Test(arguments: [188, 376, 564, 752, 188 * 2_000 + 376])
    func openSSLDecryptsWhatWasEncryptedAndChecksThePadding(count: Int) throws {
        let clear = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let key = try HLSCipher.randomBytes(16)
        let iv = try HLSCipher.randomBytes(16)
        var bytes = clear
        try HLSCipher.encrypt(&bytes, key: key, iv: iv)
        #expect(bytes.count == (count / 16 + 1) * 16)
        #expect(bytes.prefix(count) != clear.prefix(count))
        #expect(AES128.decrypt(bytes, key: key, iv: iv) == clear)
        #expect(AES128.decrypt(bytes, key: key, iv: [UInt8](repeating: 0, count: 16)) != clear)
    }

    @Test func randomKeysDifferAndHaveTheirSize() throws {
        let first = try HLSCipher.randomBytes(16)
        let second = try HLSCipher.randomBytes(16)
        #expect(first.count == 16 && second.count == 16 && first != second)
    }

    @Test func ivHexIsSRSsUppercaseWithoutPrefix() {
        #expect(HLSCipher.hex([0x17, 0x5D, 0x23, 0x00, 0xFF, 0x0a]) == "175D2300FF0A")
        #expect(HLSCipher.hex([UInt8](repeating: 0xab, count: 16)).count == 32)
    }
}
