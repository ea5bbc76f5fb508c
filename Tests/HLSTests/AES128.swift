import COpenSSL

/// The player's side of `hls_keys`, straight on OpenSSL: AES-128-CBC decryption with PKCS7
/// padding checked and removed (EVP's default), as ffmpeg and hls.js decrypt segments.
enum AES128 {
    /// The clear bytes, or nil when the key, IV or padding do not fit.
    static func decrypt(_ bytes: [UInt8], key: [UInt8], iv: [UInt8]) -> [UInt8]? {
        guard key.count == 16, iv.count == 16, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_DecryptInit_ex(context, EVP_aes_128_cbc(), nil, key, iv) == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: bytes.count + 16)
        var updated: Int32 = 0
        var finished: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out -> Bool in
            guard let base = out.baseAddress,
                  EVP_DecryptUpdate(context, base, &updated, bytes, Int32(bytes.count)) == 1 else { return false }
            return EVP_DecryptFinal_ex(context, base + Int(updated), &finished) == 1
        }
        ERR_clear_error()
        guard ok else { return nil }
        return Array(output.prefix(Int(updated + finished)))
    }

    /// RFC 8216 §5.2: the IV a player uses when the key line has no IV attribute.
    static func sequenceIV(_ sequence: Int) -> [UInt8] {
        (0..<16).map { index in index < 8 ? 0 : UInt8(truncatingIfNeeded: UInt64(sequence) >> (8 * (15 - index))) }
    }
}

/// Deterministic "random" bytes: the n-th call returns `count` bytes all equal to n (1, 2, …),
/// so the first key is 01…01 with IV 02…02, the second 03…03 with IV 04…04.
final class CountingRandom {
    private(set) var calls = 0

    func bytes(_ count: Int) -> [UInt8] {
        calls += 1
        return [UInt8](repeating: UInt8(truncatingIfNeeded: calls), count: count)
    }

    /// The key and IV of the n-th key made (from 1).
    static func key(_ n: Int) -> (secret: [UInt8], iv: [UInt8]) {
        ([UInt8](repeating: UInt8(2 * n - 1), count: 16), [UInt8](repeating: UInt8(2 * n), count: 16))
    }

    /// 32 hex digits of the n-th key's IV.
    static func ivHex(_ n: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(repeating: String([digits[(2 * n) >> 4 & 0xF], digits[(2 * n) & 0xF]]), count: 16)
    }
}
