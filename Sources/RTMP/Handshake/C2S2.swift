/// The 1536-byte C2/S2 of the complex handshake (§5.1; SRS `c2s2`): 1504 random bytes + a digest
/// HMAC(HMAC(full key, peer's C1/S1 digest), random).
enum C2S2 {
    /// Bytes before the digest.
    static let randomSize = C1S1.size - HMACSHA256.digestSize

    /// A C2/S2 answering a C1/S1 whose digest is `peerDigest`; `key` is the full 62/68-byte key.
    static func make(peerDigest: [UInt8], key: [UInt8]) throws -> [UInt8] {
        var packet = HandshakeRandom.bytes(randomSize)
        packet.reserveCapacity(C1S1.size)
        // SRS compat: signature at the start and (one char short, NUL-ended) at the end of the random.
        let signatureSize = HandshakeRandom.signature.count
        HandshakeRandom.sign(&packet, run: 0..<randomSize)
        HandshakeRandom.sign(&packet, run: randomSize - signatureSize..<randomSize)
        packet.append(contentsOf: try digest(of: packet, peerDigest: peerDigest, key: key))
        return packet
    }

    /// Whether `packet`'s trailing digest answers `peerDigest` under `key`.
    static func isValid(_ packet: [UInt8], peerDigest: [UInt8], key: [UInt8]) throws -> Bool {
        guard packet.count == C1S1.size else { return false }
        let expected = try digest(of: Array(packet[..<randomSize]), peerDigest: peerDigest, key: key)
        return packet[randomSize...].elementsEqual(expected)
    }

    /// HMAC(HMAC(key, peerDigest), random).
    private static func digest(of random: [UInt8], peerDigest: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let temporaryKey = try HMACSHA256.authenticate(key: key, data: peerDigest)
        return try HMACSHA256.authenticate(key: temporaryKey, data: random)
    }
}
