import Core
import Testing
@testable import RTMP

@Suite("Complex handshake C1/S1 and C2/S2 layout")
struct C1S1Tests {
    typealias F = HandshakeFixtures

    @Test func keysAreTheGenuineAdobeConstants() {
        #expect(HandshakeKeys.flashPlayer == F.fpText + F.keyTail)
        #expect(HandshakeKeys.flashMediaServer == F.fmsText + F.keyTail)
        #expect(HandshakeKeys.flashPlayer.count == 62)
        #expect(HandshakeKeys.flashMediaServer.count == 68)
        #expect(HandshakeKeys.clientDigestKey == F.fpText)
        #expect(HandshakeKeys.serverDigestKey == F.fmsText)
    }

    @Test("locates the digest and key from the offset-byte sums", arguments: [HandshakeSchema.schema0, .schema1])
    func locatesDigestAndKey(schema: HandshakeSchema) {
        #expect(schema.digestOffset(in: F.pattern) == F.patternDigestOffset[schema])
        // Key fields worked out by hand: schema0 block 8, bytes at 768...771 sum to 214 -> 8 + 214;
        // schema1 block 772, bytes at 1532...1535 sum to 742, % 632 = 110 -> 772 + 110.
        #expect(schema.keyOffset(in: F.pattern) == (schema == .schema0 ? 222 : 882))
    }

    /// Offset fields whose byte sums wrap the moduli: 4 x 0xFF = 1020 -> 292 (digest, % 728) and
    /// 388 (key, % 632); 727 and 631 are the largest offsets and keep both fields inside the packet.
    @Test func wrapsOffsetSumsByTheBlockModuli() {
        func packet(digestField: [UInt8], keyField: [UInt8], schema: HandshakeSchema) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: 1536)
            bytes.replaceSubrange(schema.digestBlockStart..<schema.digestBlockStart + 4, with: digestField)
            let keyField0 = schema.keyBlockStart + 760
            bytes.replaceSubrange(keyField0..<keyField0 + 4, with: keyField)
            return bytes
        }
        let full: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        let saturated0 = packet(digestField: full, keyField: full, schema: .schema0)
        let saturated1 = packet(digestField: full, keyField: full, schema: .schema1)
        #expect(HandshakeSchema.schema0.digestOffset(in: saturated0) == 776 + 292)
        #expect(HandshakeSchema.schema1.digestOffset(in: saturated1) == 12 + 292)
        #expect(HandshakeSchema.schema0.keyOffset(in: saturated0) == 8 + 388)
        #expect(HandshakeSchema.schema1.keyOffset(in: saturated1) == 772 + 388)
        let largest = packet(digestField: [0xFF, 0xFF, 0xD9, 0], keyField: [0xFF, 0xFF, 0x79, 0], schema: .schema0)
        #expect(HandshakeSchema.schema0.digestOffset(in: largest) == 1503)
        #expect(HandshakeSchema.schema0.keyOffset(in: largest) == 8 + 631)
    }

    @Test("computes the C1 digest of a known packet", arguments: [HandshakeSchema.schema0, .schema1])
    func computesKnownDigest(schema: HandshakeSchema) throws {
        let digest = try C1S1.computeDigest(of: F.pattern, schema: schema, key: HandshakeKeys.clientDigestKey)
        #expect(digest == F.patternDigest[schema])
    }

    @Test("detects the schema of a hand-signed C1", arguments: [HandshakeSchema.schema0, .schema1])
    func detectsSchema(schema: HandshakeSchema) throws {
        let found = try C1S1.validDigest(in: F.signedC1(schema), key: HandshakeKeys.clientDigestKey)
        #expect(found?.schema == schema)
        #expect(found?.digest == F.patternDigest[schema])
    }

    @Test func findsNoDigestInUnsignedOrWrongSizedPackets() throws {
        #expect(try C1S1.validDigest(in: F.unsignedC1, key: HandshakeKeys.clientDigestKey) == nil)
        #expect(try C1S1.validDigest(in: F.signedC1(.schema0), key: HandshakeKeys.serverDigestKey) == nil)
        let short = Array(F.signedC1(.schema0).prefix(1535))
        #expect(try C1S1.validDigest(in: short, key: HandshakeKeys.clientDigestKey) == nil)
        var tampered = F.signedC1(.schema1)
        tampered[0] ^= 1
        #expect(try C1S1.validDigest(in: tampered, key: HandshakeKeys.clientDigestKey) == nil)
    }

    @Test("makes packets that carry the key, fields, signature and a valid digest",
          arguments: [HandshakeSchema.schema0, .schema1])
    func makesSignedPackets(schema: HandshakeSchema) throws {
        let key = (0..<128).map { UInt8($0) }
        for _ in 0..<16 {
            let packet = try C1S1.make(time: 0x0102_0304, version: C1S1.serverVersion, schema: schema,
                                       publicKey: key, digestKey: HandshakeKeys.serverDigestKey)
            #expect(packet.count == 1536)
            #expect(Array(packet[0..<8]) == [1, 2, 3, 4, 0x01, 0x00, 0x05, 0x04])
            let at = schema.keyOffset(in: packet)
            #expect(Array(packet[at..<at + 128]) == key)
            let found = try C1S1.validDigest(in: packet, key: HandshakeKeys.serverDigestKey)
            #expect(found?.schema == schema)
            #expect(F.contains(packet, Array("SRS(\(ServerVersion.string))".utf8)))
        }
    }

    /// S2 digest of the pattern random (byte i = 13 i + 1) answering digest 0...31, from Python's hmac.
    @Test func verifiesKnownS2AndC2Digests() throws {
        let random: [UInt8] = (0..<1504).map { UInt8(truncatingIfNeeded: $0 * 13 + 1) }
        let peerDigest = (0..<32).map { UInt8($0) }
        let s2 = random + F.hex("454937fbf6365998aec66cb44c2c0ff9ced7b848d46866a9d2e920e89f8c2afb")
        let c2 = random + F.hex("dcafd31c5c8fc345ede0407b867841841c7a2bcec91fdcf12b877b8bf9fb23c0")
        #expect(try C2S2.isValid(s2, peerDigest: peerDigest, key: HandshakeKeys.flashMediaServer))
        #expect(try C2S2.isValid(c2, peerDigest: peerDigest, key: HandshakeKeys.flashPlayer))
        #expect(try !C2S2.isValid(s2, peerDigest: peerDigest, key: HandshakeKeys.flashPlayer))
        #expect(try !C2S2.isValid(Array(s2.dropLast()), peerDigest: peerDigest, key: HandshakeKeys.flashMediaServer))
    }

    @Test func madeC2S2VerifiesAndIsSigned() throws {
        let peerDigest = F.patternDigest[.schema0] ?? []
        var packet = try C2S2.make(peerDigest: peerDigest, key: HandshakeKeys.flashMediaServer)
        #expect(packet.count == 1536)
        #expect(try C2S2.isValid(packet, peerDigest: peerDigest, key: HandshakeKeys.flashMediaServer))
        #expect(Array(packet.prefix(12)) == Array("SRS(\(ServerVersion.string))".utf8))
        packet[100] ^= 0xFF
        #expect(try !C2S2.isValid(packet, peerDigest: peerDigest, key: HandshakeKeys.flashMediaServer))
    }
}
