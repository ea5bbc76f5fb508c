import Core

/// The 1536-byte C1/S1 of the complex handshake (§5.1; SRS `c1s1`): time(4) + version(4) +
/// key block + digest block in the order of a `HandshakeSchema`, signed by an HMAC digest.
enum C1S1 {
    /// Size of C1, S1, C2 and S2.
    static let size = 1536
    /// C1 version field when SRS is the client.
    static let clientVersion: UInt32 = 0x8000_0702
    /// S1 version field of SRS.
    static let serverVersion: UInt32 = 0x0100_0504

    /// HMAC-SHA256 under `key` of the 1504 bytes of `packet` around its digest.
    static func computeDigest(of packet: [UInt8], schema: HandshakeSchema, key: [UInt8]) throws -> [UInt8] {
        let at = schema.digestOffset(in: packet)
        var joined = [UInt8]()
        joined.reserveCapacity(size - HMACSHA256.digestSize)
        joined.append(contentsOf: packet[..<at])
        joined.append(contentsOf: packet[(at + HMACSHA256.digestSize)...])
        return try HMACSHA256.authenticate(key: key, data: joined)
    }

    /// The first schema (schema0, then schema1) whose digest validates under `key`, with that digest;
    /// nil when neither does or `packet` is not 1536 bytes.
    static func validDigest(in packet: [UInt8], key: [UInt8]) throws -> (schema: HandshakeSchema, digest: [UInt8])? {
        guard packet.count == size else { return nil }
        for schema in [HandshakeSchema.schema0, .schema1] {
            let at = schema.digestOffset(in: packet)
            let carried = packet[at..<at + HMACSHA256.digestSize]
            let expected = try computeDigest(of: packet, schema: schema, key: key)
            if carried.elementsEqual(expected) { return (schema, expected) }
        }
        return nil
    }

    /// A signed C1/S1 carrying `publicKey` in its key field, its digest computed under `digestKey`.
    static func make(
        time: UInt32, version: UInt32, schema: HandshakeSchema, publicKey: [UInt8], digestKey: [UInt8]
    ) throws -> [UInt8] {
        var packet = [UInt8]()
        packet.reserveCapacity(size)
        packet.appendUInt32(time)
        packet.appendUInt32(version)
        packet.append(contentsOf: HandshakeRandom.bytes(size - 8))

        // The random offset fields are already in place; sign the padding runs around key and digest.
        let keyAt = schema.keyOffset(in: packet)
        let keyEnd = schema.keyBlockStart + HandshakeSchema.blockSize - 4
        HandshakeRandom.sign(&packet, run: schema.keyBlockStart..<keyAt)
        HandshakeRandom.sign(&packet, run: keyAt + DHKeyExchange.keySize..<keyEnd)
        let digestAt = schema.digestOffset(in: packet)
        let digestEnd = schema.digestBlockStart + HandshakeSchema.blockSize
        HandshakeRandom.sign(&packet, run: schema.digestBlockStart + 4..<digestAt)
        HandshakeRandom.sign(&packet, run: digestAt + HMACSHA256.digestSize..<digestEnd)

        precondition(publicKey.count == DHKeyExchange.keySize, "C1/S1 key field must be 128 bytes")
        packet.replaceSubrange(keyAt..<keyAt + DHKeyExchange.keySize, with: publicKey)
        let digest = try computeDigest(of: packet, schema: schema, key: digestKey)
        packet.replaceSubrange(digestAt..<digestAt + HMACSHA256.digestSize, with: digest)
        return packet
    }
}
