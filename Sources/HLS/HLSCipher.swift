import COpenSSL

/// AES-128 for `hls_keys` (RFC 8216 §5.2): random keys and IVs, and whole-segment AES-128-CBC
/// with PKCS7 padding through OpenSSL's EVP interface.
///
/// Segments are encrypted in place when they close: the muxer already holds the whole segment in
/// one buffer for the atomic write, so encrypting there costs no copy (the padding's 1–16 bytes
/// fit in the capacity the buffer keeps from segment to segment) and nothing changes on the
/// per-frame path. One EVP call per segment (~400 kB for 2 s at 1.5 Mbps).
public enum HLSCipher {
    /// AES block, key and IV size.
    public static let blockSize = 16

    /// `count` bytes from OpenSSL's CSPRNG (SRS `RAND_bytes`).
    public static func randomBytes(_ count: Int) throws(HLSError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw .encryption(openSSLError("RAND_bytes")) }
        return bytes
    }

    /// Appends PKCS7 padding: 1–16 bytes, each holding the padding length, so a block-aligned
    /// input gains a whole block (RFC 8216 §5.2 requires PKCS7).
    ///
    /// SRS compat note: SRS adds no padding when a segment happens to be a multiple of 752 bytes
    /// (four TS packets); we always pad, as PKCS7 says.
    public static func pad(_ bytes: inout [UInt8]) {
        let count = blockSize - bytes.count % blockSize
        bytes.append(contentsOf: repeatElement(UInt8(count), count: count))
    }

    /// Pads `bytes` (PKCS7) and encrypts them in place with AES-128-CBC under `key` and `iv`.
    public static func encrypt(_ bytes: inout [UInt8], key: [UInt8], iv: [UInt8]) throws(HLSError) {
        precondition(key.count == blockSize && iv.count == blockSize, "AES-128 needs a 16-byte key and IV")
        pad(&bytes)
        guard let context = EVP_CIPHER_CTX_new() else { throw .encryption(openSSLError("EVP_CIPHER_CTX_new")) }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_EncryptInit_ex(context, EVP_aes_128_cbc(), nil, key, iv) == 1,
              EVP_CIPHER_CTX_set_padding(context, 0) == 1 else {
            throw .encryption(openSSLError("EVP_EncryptInit_ex"))
        }
        // In place: EVP allows the output to be exactly the input, and with padding off and a
        // block-aligned input every byte comes out of this one update.
        let count = bytes.count
        let written: Int32? = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var written: Int32 = 0
            guard EVP_EncryptUpdate(context, base, &written, base, Int32(count)) == 1 else { return nil }
            return written
        }
        guard let written, Int(written) == count else { throw .encryption(openSSLError("EVP_EncryptUpdate")) }
    }

    /// Hex digits of `bytes` as SRS writes the IV attribute (`srs_data_to_hex`: uppercase, no prefix).
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Empties OpenSSL's error queue into a message naming `call`.
    private static func openSSLError(_ call: String) -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return call + " failed" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(call) failed (\(text))"
    }
}
