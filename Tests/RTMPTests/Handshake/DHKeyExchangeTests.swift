import Core
import Testing
@testable import RTMP

@Suite("DH key exchange (RFC 2409 group 2)")
struct DHKeyExchangeTests {
    typealias F = HandshakeFixtures

    @Test func twoKeyPairsDeriveTheSame128ByteSecret() throws {
        let alice = try DHKeyExchange()
        let bob = try DHKeyExchange()
        #expect(alice.publicKey.count == 128)
        #expect(bob.publicKey.count == 128)
        #expect(alice.publicKey != bob.publicKey)
        let secretA = try alice.sharedSecret(peerPublicKey: bob.publicKey)
        let secretB = try bob.sharedSecret(peerPublicKey: alice.publicKey)
        #expect(secretA.count == 128)
        #expect(secretA == secretB)
        #expect(secretA != [UInt8](repeating: 0, count: 128))
    }

    @Test func aThirdPartyDerivesADifferentSecret() throws {
        let alice = try DHKeyExchange()
        let bob = try DHKeyExchange()
        let eve = try DHKeyExchange()
        #expect(try alice.sharedSecret(peerPublicKey: bob.publicKey) != eve.sharedSecret(peerPublicKey: bob.publicKey))
    }

    @Test func publicKeysLieStrictlyBetweenOneAndPMinusOne() throws {
        for _ in 0..<8 {
            let key = try DHKeyExchange().publicKey
            #expect(key.lexicographicallyPrecedes(F.prime))
            #expect(key.drop { $0 == 0 }.count > 1)
        }
    }

    @Test func acceptsAPeerKeyWithoutItsLeadingZeroBytes() throws {
        let alice = try DHKeyExchange()
        let short: [UInt8] = [0x02, 0x03]
        let padded = [UInt8](repeating: 0, count: 126) + short
        #expect(try alice.sharedSecret(peerPublicKey: short) == alice.sharedSecret(peerPublicKey: padded))
    }

    static var pMinusOne: [UInt8] {
        var bytes = F.prime
        bytes[127] -= 1
        return bytes
    }

    static let badPeerKeys: [(name: String, key: [UInt8])] = [
        ("all zero", [UInt8](repeating: 0, count: 128)),
        ("one", [UInt8](repeating: 0, count: 127) + [1]),
        ("p-1", pMinusOne),
        ("p", F.prime),
        ("all 0xFF (> p)", [UInt8](repeating: 0xFF, count: 128)),
        ("empty", []),
        ("129 bytes", [1] + [UInt8](repeating: 0, count: 128)),
        ("single zero byte", [0]),
    ]

    @Test("rejects degenerate or oversized peer keys as errors", arguments: 0..<badPeerKeys.count)
    func rejectsBadPeerKeys(index: Int) throws {
        let bad = Self.badPeerKeys[index]
        let dh = try DHKeyExchange()
        let error = #expect(throws: HandshakeError.self, "\(bad.name)") {
            try dh.sharedSecret(peerPublicKey: bad.key)
        }
        guard case .dhInvalidPeerKey = error else {
            Issue.record("\(bad.name): expected dhInvalidPeerKey, got \(String(describing: error))")
            return
        }
        #expect(error?.srsCode == 2038)
    }

    @Test func acceptsTheLargestValidPeerKeyPMinusTwo() throws {
        var pMinusTwo = Self.pMinusOne
        pMinusTwo[127] -= 1
        #expect(try DHKeyExchange().sharedSecret(peerPublicKey: pMinusTwo).count == 128)
    }
}
