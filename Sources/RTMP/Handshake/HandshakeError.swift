import Core

/// Why an RTMP handshake (or its crypto) failed.
public enum HandshakeError: Error, Equatable, CustomStringConvertible, SRSCoded {
    /// The client's C0 is not 3 (RTMPE `0x06`, an HTTP request's `G`, garbage...).
    case plainRequired(version: UInt8)
    /// The server's S0 is not 3.
    case serverPlainRequired(version: UInt8)
    /// `feed` was called after the handshake finished or failed (a driver bug).
    case fedAfterEnd
    /// OpenSSL failed to compute an HMAC-SHA256.
    case hmacFailed(String)
    /// OpenSSL failed to build the DH group or generate our key pair.
    case dhKeyGenerationFailed(String)
    /// The peer's DH public key is not a usable group element (0, 1, p-1, >= p, wrong size).
    case dhInvalidPeerKey(String)
    /// OpenSSL failed to derive the DH shared secret.
    case dhSharedSecretFailed(String)

    public var description: String {
        switch self {
        case .plainRequired(let version):
            return "handshake: only rtmp plain text is supported, C0 version=\(hex(version))"
        case .serverPlainRequired(let version):
            return "handshake: server S0 version=\(hex(version)), plain text (3) required"
        case .fedAfterEnd:
            return "handshake: bytes fed after the handshake ended"
        case .hmacFailed(let reason):
            return "handshake: hmac-sha256 failed: \(reason)"
        case .dhKeyGenerationFailed(let reason):
            return "handshake: dh key generation failed: \(reason)"
        case .dhInvalidPeerKey(let reason):
            return "handshake: invalid dh peer public key: \(reason)"
        case .dhSharedSecretFailed(let reason):
            return "handshake: dh shared secret failed: \(reason)"
        }
    }

    /// SRS codes (trunk/src/kernel/srs_kernel_error.hpp).
    public var srsCode: Int {
        switch self {
        case .plainRequired: return SRSErrorCode.plainRequired          // ERROR_RTMP_PLAIN_REQUIRED
        case .serverPlainRequired: return 2016                          // ERROR_RTMP_HANDSHAKE
        case .fedAfterEnd: return 2016                                  // ERROR_RTMP_HANDSHAKE
        case .hmacFailed: return 2035                                   // ERROR_OpenSslSha256Final
        case .dhKeyGenerationFailed: return 2031                        // ERROR_OpenSslGenerateDHKeys
        case .dhInvalidPeerKey: return 2038                             // ERROR_OpenSslGetPeerPublicKey
        case .dhSharedSecretFailed: return 2039                         // ERROR_OpenSslComputeSharedKey
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
