import Testing
@testable import RTMP

@Suite("Handshake server and client together")
struct HandshakeRoundTripTests {
    typealias F = HandshakeFixtures

    @Test("completes in memory and agrees on the mode", arguments: [HandshakeMode.complex, .simple])
    func completesInMemory(mode: HandshakeMode) throws {
        var client = try HandshakeClient(mode: mode)
        var server = HandshakeServer()
        let s0s1s2 = try server.feed(client.c0c1)
        #expect(s0s1s2.completion == nil)
        #expect(server.mode == mode)

        let c2 = try client.feed(s0s1s2.send)
        #expect(c2.completion == HandshakeCompletion(mode: mode, leftover: []))

        let done = try server.feed(c2.send + F.connectStart)
        #expect(done.send.isEmpty)
        #expect(done.completion == HandshakeCompletion(mode: mode, leftover: F.connectStart))

        let s1 = Array(s0s1s2.send[1...1536])
        let s2 = Array(s0s1s2.send[1537...])
        let c1 = Array(client.c0c1[1...])
        switch mode {
        case .complex:
            // Each side's second packet answers the other's digest (§5.1).
            let c1Digest = try #require(try C1S1.validDigest(in: c1, key: F.fpText)).digest
            let s1Digest = try #require(try C1S1.validDigest(in: s1, key: F.fmsText)).digest
            #expect(try C2S2.isValid(s2, peerDigest: c1Digest, key: F.fmsText + F.keyTail))
            #expect(try C2S2.isValid(c2.send, peerDigest: s1Digest, key: F.fpText + F.keyTail))
        case .simple:
            #expect(s2 == c1)
            #expect(c2.send == s1)
        }
    }
}
