import COpenSSL

/// One-shot HMAC-SHA256 (RFC 2104 over FIPS 180-4) through OpenSSL's `HMAC()`.
public enum HMACSHA256 {
    /// Size of a SHA-256 digest in bytes.
    public static let digestSize = 32

    /// The 32-byte HMAC-SHA256 of `data` under `key`.
    public static func authenticate<Key: Collection<UInt8>, Message: Collection<UInt8>>(
        key: Key, data: Message
    ) throws -> [UInt8] {
        try withRawBytes(key) { keyBytes in
            try withRawBytes(data) { dataBytes in
                try authenticate(key: keyBytes, data: dataBytes)
            }
        }
    }

    /// The 32-byte HMAC-SHA256 of raw `data` under raw `key`.
    public static func authenticate(key: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestSize)
        var length: UInt32 = 0
        // OpenSSL wants non-NULL pointers even for empty inputs.
        var placeholder: UInt8 = 0
        let ok = withUnsafeMutablePointer(to: &placeholder) { empty -> Bool in
            let keyPointer = key.baseAddress ?? UnsafeRawPointer(empty)
            let dataPointer = data.baseAddress ?? UnsafeRawPointer(empty)
            return digest.withUnsafeMutableBufferPointer { out in
                HMAC(EVP_sha256(), keyPointer, Int32(key.count),
                     dataPointer.assumingMemoryBound(to: UInt8.self), data.count,
                     out.baseAddress, &length) != nil
            }
        }
        guard ok, length == UInt32(digestSize) else {
            let step = ok ? "HMAC() gave \(length) bytes" : "HMAC() failed"
            throw HandshakeError.hmacFailed(OpenSSLErrorQueue.drain(or: step))
        }
        return digest
    }

    /// Calls `body` with the contiguous bytes of `bytes`, copying only when they are not contiguous.
    private static func withRawBytes<C: Collection<UInt8>, R>(
        _ bytes: C, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes(body)
    }
}
