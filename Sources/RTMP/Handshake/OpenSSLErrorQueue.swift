import COpenSSL

/// Reads OpenSSL's thread-local error queue into a message.
enum OpenSSLErrorQueue {
    /// Empties the queue and returns its first entry's text, or `fallback` when the queue is empty.
    static func drain(or fallback: String) -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return fallback }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(fallback) (\(text))"
    }
}
