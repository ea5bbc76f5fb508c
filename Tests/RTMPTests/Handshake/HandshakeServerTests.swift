import Core
import Testing
@testable import RTMP

@Suite("Handshake server")
struct HandshakeServerTests {
    typealias F = HandshakeFixtures
    static let now: UInt32 = 0x6543_2100

    static func makeServer() -> HandshakeServer { HandshakeServer(now: { now }) }

    /// Feeds C0C1 and returns S0S1S2.
    static func reply(to c1: [UInt8], server: inout HandshakeServer) throws -> [UInt8] {
        let output = try server.feed(F.c0c1(c1))
        #expect(output.completion == nil)
        return output.send
    }

    @Test("answers a complex C1 with a signed S1 and S2", arguments: [HandshakeSchema.schema0, .schema1])
    func answersComplexC1(schema: HandshakeSchema) throws {
        var server = Self.makeServer()
        let c1 = F.signedC1(schema)
        let reply = try Self.reply(to: c1, server: &server)
        #expect(server.mode == .complex)
        #expect(server.schema == schema)
        try #require(reply.count == 3073)
        #expect(reply[0] == 3)

        let s1 = Array(reply[1...1536])
        #expect(Array(s1[0..<8]) == [0x65, 0x43, 0x21, 0x00, 0x01, 0x00, 0x05, 0x04])
        // S1 digest: HMAC(first 36 bytes of the FMS key, S1 without digest), same schema as C1.
        let found = try #require(try C1S1.validDigest(in: s1, key: F.fmsText))
        #expect(found.schema == schema)
        // S1 key field holds a usable DH public key.
        let keyAt = schema.keyOffset(in: s1)
        #expect(try DHKeyExchange().sharedSecret(peerPublicKey: Array(s1[keyAt..<keyAt + 128])).count == 128)
        #expect(F.contains(s1, Array("SRS(\(ServerVersion.string))".utf8)))

        // S2 = 1504 random + HMAC(HMAC(68-byte FMS key, C1 digest), random), computed here by hand.
        let s2 = Array(reply[1537...])
        let c1Digest = try #require(F.patternDigest[schema])
        let temporaryKey = try HMACSHA256.authenticate(key: F.fmsText + F.keyTail, data: c1Digest)
        let expected = try HMACSHA256.authenticate(key: temporaryKey, data: s2[0..<1504])
        #expect(Array(s2[1504...]) == expected)
        #expect(F.contains(s2, Array("SRS(\(ServerVersion.string))".utf8)))
    }

    @Test func fallsBackToSimpleWhenC1HasNoValidDigest() throws {
        var server = Self.makeServer()
        let reply = try Self.reply(to: F.unsignedC1, server: &server)
        #expect(server.mode == .simple)
        #expect(server.schema == nil)
        try #require(reply.count == 3073)
        #expect(reply[0] == 3)
        #expect(Array(reply[1..<5]) == [0x65, 0x43, 0x21, 0x00])
        #expect(Array(reply[5..<9]) == Array(F.unsignedC1[0..<4]))
        #expect(Array(reply[1537...]) == F.unsignedC1)
    }

    @Test func completesAfterC2AndReturnsTheBytesBehindIt() throws {
        var server = Self.makeServer()
        _ = try Self.reply(to: F.signedC1(.schema1), server: &server)
        let output = try server.feed(F.c2 + F.connectStart)
        #expect(output.send.isEmpty)
        #expect(output.completion == HandshakeCompletion(mode: .complex, leftover: F.connectStart))
    }

    @Test func answersAndCompletesInOneFeedWhenC0C1AndC2ArriveTogether() throws {
        var server = Self.makeServer()
        let output = try server.feed(F.c0c1(F.unsignedC1) + F.c2 + F.connectStart)
        #expect(output.send.count == 3073)
        #expect(output.completion == HandshakeCompletion(mode: .simple, leftover: F.connectStart))
    }

    @Test func waitsForTruncatedC0C1AndC2() throws {
        var server = Self.makeServer()
        let whole = F.c0c1(F.unsignedC1) + F.c2
        #expect(try server.feed(whole[..<1536]).needsMore)
        let answer = try server.feed(whole[1536..<1537])
        #expect(answer.send.count == 3073)
        #expect(answer.completion == nil)
        #expect(try server.feed(whole[1537..<(whole.count - 1)]).needsMore)
        #expect(try server.feed([UInt8]()).needsMore)
    }

    @Test("rejects a C0 other than 3 at the first byte", arguments: [UInt8(0x06), UInt8(ascii: "G"), 0x00, 0xFF])
    func rejectsWrongC0(version: UInt8) throws {
        var server = Self.makeServer()
        let error = #expect(throws: HandshakeError.self) { try server.feed([version]) }
        #expect(error == .plainRequired(version: version))
        #expect(error?.srsCode == 2000)
        #expect(throws: HandshakeError.fedAfterEnd) { try server.feed(F.c0c1(F.unsignedC1)) }
    }

    @Test func rejectsAnHTTPRequest() throws {
        var server = Self.makeServer()
        #expect(throws: HandshakeError.plainRequired(version: UInt8(ascii: "G"))) {
            try server.feed(Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        }
    }

    @Test func refusesBytesAfterCompletion() throws {
        var server = Self.makeServer()
        _ = try server.feed(F.c0c1(F.unsignedC1) + F.c2)
        #expect(throws: HandshakeError.fedAfterEnd) { try server.feed([0x03]) }
    }
}
