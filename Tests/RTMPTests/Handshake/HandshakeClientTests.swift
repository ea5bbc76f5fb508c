import Core
import Testing
@testable import RTMP

@Suite("Handshake client")
struct HandshakeClientTests {
    typealias F = HandshakeFixtures

    /// S0S1S2 of a server whose S1 carries no digest.
    static let plainS0S1S2: [UInt8] = [3] + F.pattern + F.c2

    @Test func sendsASignedSchema1ComplexC0C1() throws {
        let client = try HandshakeClient(mode: .complex, now: 0x0A0B_0C0D)
        let c0c1 = client.c0c1
        try #require(c0c1.count == 1537)
        #expect(c0c1[0] == 3)
        #expect(Array(c0c1[1..<9]) == [0x0A, 0x0B, 0x0C, 0x0D, 0x80, 0x00, 0x07, 0x02])
        let c1 = Array(c0c1[1...])
        let found = try C1S1.validDigest(in: c1, key: F.fpText)
        #expect(found?.schema == .schema1)
        #expect(F.contains(c1, Array("SRS(\(ServerVersion.string))".utf8)))
    }

    @Test func sendsAPlainSimpleC0C1() throws {
        let client = try HandshakeClient(mode: .simple, now: 7)
        try #require(client.c0c1.count == 1537)
        #expect(Array(client.c0c1[0..<9]) == [3, 0, 0, 0, 7, 0, 0, 0, 0])
        #expect(try C1S1.validDigest(in: Array(client.c0c1[1...]), key: F.fpText) == nil)
    }

    @Test func answersASignedS1WithADigestC2() throws {
        var client = try HandshakeClient()
        var s1 = F.pattern
        // Sign the pattern as a server would (schema1, FMS digest key).
        let at = HandshakeSchema.schema1.digestOffset(in: s1)
        let s1Digest = try C1S1.computeDigest(of: s1, schema: .schema1, key: F.fmsText)
        s1.replaceSubrange(at..<at + 32, with: s1Digest)
        let output = try client.feed([3] + s1 + F.c2 + F.connectStart)
        #expect(output.completion == HandshakeCompletion(mode: .complex, leftover: F.connectStart))
        // C2 = random + HMAC(HMAC(62-byte FP key, S1 digest), random), computed here by hand.
        let c2 = output.send
        try #require(c2.count == 1536)
        let temporaryKey = try HMACSHA256.authenticate(key: F.fpText + F.keyTail, data: s1Digest)
        #expect(Array(c2[1504...]) == (try HMACSHA256.authenticate(key: temporaryKey, data: c2[0..<1504])))
    }

    @Test("echoes S1 as C2 when S1 has no valid digest", arguments: [HandshakeMode.complex, .simple])
    func echoesUnsignedS1(mode: HandshakeMode) throws {
        var client = try HandshakeClient(mode: mode)
        let output = try client.feed(Self.plainS0S1S2)
        #expect(output.send == F.pattern)
        #expect(output.completion == HandshakeCompletion(mode: .simple, leftover: []))
    }

    @Test func waitsForTruncatedS0S1S2() throws {
        var client = try HandshakeClient()
        #expect(try client.feed(Self.plainS0S1S2.dropLast()).needsMore)
        #expect(try client.feed(Self.plainS0S1S2.suffix(1)).completion != nil)
    }

    @Test("rejects an S0 other than 3", arguments: [UInt8(0x06), UInt8(ascii: "H")])
    func rejectsWrongS0(version: UInt8) throws {
        var client = try HandshakeClient()
        let error = #expect(throws: HandshakeError.self) { try client.feed([version]) }
        #expect(error == .serverPlainRequired(version: version))
        #expect(error?.srsCode == 2016)
        #expect(throws: HandshakeError.fedAfterEnd) { try client.feed(Self.plainS0S1S2) }
    }

    @Test func refusesBytesAfterCompletion() throws {
        var client = try HandshakeClient()
        _ = try client.feed(Self.plainS0S1S2)
        #expect(throws: HandshakeError.fedAfterEnd) { try client.feed([0]) }
    }
}
