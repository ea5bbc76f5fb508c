import COpenSSL
import Core

/// Random handshake filler, signed with `SRS(<version>)` the way SRS signs its padding.
enum HandshakeRandom {
    /// SRS compat: SRS writes `RTMP_SIG_SRS_KEY(RTMP_SIG_SRS_VERSION)` into its random padding.
    static let signature: [UInt8] = Array("\(ServerVersion.key)(\(ServerVersion.string))".utf8)

    /// `count` random bytes from OpenSSL's DRBG (falls back to the system generator).
    static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        if RAND_bytes(&bytes, Int32(count)) != 1 {
            ERR_clear_error()
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
        }
        return bytes
    }

    /// Writes the signature at the start of `run` like `snprintf(run, size, "%s", signature)`:
    /// at most `size - 1` characters, then a NUL.
    static func sign(_ bytes: inout [UInt8], run: Range<Int>) {
        guard !run.isEmpty else { return }
        let text = min(signature.count, run.count - 1)
        bytes.replaceSubrange(run.lowerBound..<run.lowerBound + text, with: signature.prefix(text))
        bytes[run.lowerBound + text] = 0
    }
}
