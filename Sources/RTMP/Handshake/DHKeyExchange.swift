import COpenSSL

/// Diffie-Hellman over the 1024-bit MODP group of RFC 2409 §6.2 (group 2, g = 2), as RTMP's
/// complex handshake uses it. Keys and secrets are 128-byte big-endian, left-padded with zeros.
///
/// Built on OpenSSL 3's `EVP_PKEY` API (no deprecated `DH_*` calls).
public final class DHKeyExchange {
    /// Size of a public key and of the shared secret in bytes.
    public static let keySize = 128

    /// Our public key, `g^x mod p`, 128 bytes.
    public let publicKey: [UInt8]

    /// Our key pair (`EVP_PKEY*`).
    private let keyPair: OpaquePointer

    /// Generates a fresh key pair.
    public init() throws {
        let domain = try Self.makeKey(peerPublicKey: nil)
        defer { EVP_PKEY_free(domain) }
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, domain, nil) else {
            throw HandshakeError.dhKeyGenerationFailed(OpenSSLErrorQueue.drain(or: "EVP_PKEY_CTX_new_from_pkey"))
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var generated: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_generate(ctx, &generated) == 1, let generated else {
            throw HandshakeError.dhKeyGenerationFailed(OpenSSLErrorQueue.drain(or: "EVP_PKEY_generate"))
        }
        var pub: OpaquePointer?
        guard EVP_PKEY_get_bn_param(generated, Self.name("pub"), &pub) == 1, let pub else {
            EVP_PKEY_free(generated)
            throw HandshakeError.dhKeyGenerationFailed(OpenSSLErrorQueue.drain(or: "EVP_PKEY_get_bn_param(pub)"))
        }
        defer { BN_free(pub) }
        var bytes = [UInt8](repeating: 0, count: Self.keySize)
        guard BN_bn2binpad(pub, &bytes, Int32(Self.keySize)) == Int32(Self.keySize) else {
            EVP_PKEY_free(generated)
            throw HandshakeError.dhKeyGenerationFailed(OpenSSLErrorQueue.drain(or: "BN_bn2binpad(pub)"))
        }
        keyPair = generated
        publicKey = bytes
    }

    deinit { EVP_PKEY_free(keyPair) }

    /// The 128-byte shared secret `peer^x mod p`.
    ///
    /// Rejects, as values, peer keys that are empty, longer than 128 bytes, or outside `2...p-2`
    /// (0, 1 and p-1 would force a known secret; OpenSSL's own peer check runs as well).
    public func sharedSecret(peerPublicKey: [UInt8]) throws -> [UInt8] {
        try Self.checkRange(peerPublicKey)
        let peer = try Self.makeKey(peerPublicKey: peerPublicKey)
        defer { EVP_PKEY_free(peer) }
        guard let ctx = EVP_PKEY_CTX_new_from_pkey(nil, keyPair, nil) else {
            throw HandshakeError.dhSharedSecretFailed(OpenSSLErrorQueue.drain(or: "EVP_PKEY_CTX_new_from_pkey"))
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_derive_init(ctx) == 1, EVP_PKEY_CTX_set_dh_pad(ctx, 1) == 1 else {
            throw HandshakeError.dhSharedSecretFailed(OpenSSLErrorQueue.drain(or: "EVP_PKEY_derive_init"))
        }
        guard EVP_PKEY_derive_set_peer(ctx, peer) == 1 else {
            throw HandshakeError.dhInvalidPeerKey(OpenSSLErrorQueue.drain(or: "EVP_PKEY_derive_set_peer"))
        }
        var secret = [UInt8](repeating: 0, count: Self.keySize)
        var length = secret.count
        guard EVP_PKEY_derive(ctx, &secret, &length) == 1, length == Self.keySize else {
            throw HandshakeError.dhSharedSecretFailed(OpenSSLErrorQueue.drain(or: "EVP_PKEY_derive gave \(length) bytes"))
        }
        return secret
    }

    /// Checks `2 <= key <= p-2` with plain byte arithmetic before OpenSSL sees the key.
    private static func checkRange(_ key: [UInt8]) throws {
        guard !key.isEmpty, key.count <= keySize else {
            throw HandshakeError.dhInvalidPeerKey("size \(key.count), expected 1...\(keySize)")
        }
        let padded = [UInt8](repeating: 0, count: keySize - key.count) + key
        let significant = padded.drop { $0 == 0 }
        guard significant.count > 1 || (significant.first ?? 0) > 1 else {
            throw HandshakeError.dhInvalidPeerKey("value \(significant.first ?? 0) is degenerate")
        }
        guard padded.lexicographicallyPrecedes(primeMinusOne) else {
            throw HandshakeError.dhInvalidPeerKey("value >= p-1")
        }
    }

    /// p-1 for the RFC 2409 group 2 prime, 128 bytes big-endian.
    private static let primeMinusOne: [UInt8] = {
        var bytes = [UInt8](repeating: 0, count: keySize)
        if let p = BN_get_rfc2409_prime_1024(nil) {
            _ = BN_bn2binpad(p, &bytes, Int32(keySize))
            BN_free(p)
        }
        bytes[keySize - 1] &-= 1 // p is odd, so no borrow.
        return bytes
    }()

    /// Builds the group's domain parameters, plus `peerPublicKey` as the public key when given.
    private static func makeKey(peerPublicKey: [UInt8]?) throws -> OpaquePointer {
        let fail: (String) -> HandshakeError = { step in
            let reason = OpenSSLErrorQueue.drain(or: step)
            return peerPublicKey == nil ? .dhKeyGenerationFailed(reason) : .dhInvalidPeerKey(reason)
        }
        guard let builder = OSSL_PARAM_BLD_new() else { throw fail("OSSL_PARAM_BLD_new") }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard let p = BN_get_rfc2409_prime_1024(nil) else { throw fail("BN_get_rfc2409_prime_1024") }
        defer { BN_free(p) }
        guard let g = BN_new() else { throw fail("BN_new") }
        defer { BN_free(g) }
        guard BN_set_word(g, 2) == 1 else { throw fail("BN_set_word") }
        // The builder keeps the key-name pointers until to_param: they must be static strings.
        guard OSSL_PARAM_BLD_push_BN(builder, name("p"), p) == 1,
              OSSL_PARAM_BLD_push_BN(builder, name("g"), g) == 1 else { throw fail("OSSL_PARAM_BLD_push_BN") }
        var pub: OpaquePointer?
        defer { if let pub { BN_free(pub) } }
        var selection = EVP_PKEY_KEY_PARAMETERS
        if let peerPublicKey {
            pub = BN_bin2bn(peerPublicKey, Int32(peerPublicKey.count), nil)
            guard let pub, OSSL_PARAM_BLD_push_BN(builder, name("pub"), pub) == 1 else { throw fail("BN_bin2bn") }
            selection |= OSSL_KEYMGMT_SELECT_PUBLIC_KEY
        }
        guard let params = OSSL_PARAM_BLD_to_param(builder) else { throw fail("OSSL_PARAM_BLD_to_param") }
        defer { OSSL_PARAM_free(params) }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, name("DH"), nil) else {
            throw fail("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(ctx) == 1, EVP_PKEY_fromdata(ctx, &key, selection, params) == 1, let key else {
            throw fail("EVP_PKEY_fromdata")
        }
        return key
    }

    /// A NUL-terminated C string with static lifetime (OpenSSL may keep the pointer).
    private static func name(_ literal: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
