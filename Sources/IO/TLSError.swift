import COpenSSL
import Core

/// A TLS failure with its context: what was being done (loading a file, the handshake with a
/// peer) and OpenSSL's reason.
public struct TLSError: Error, CustomStringConvertible, SRSCoded {
    public let context: String
    public let reason: String

    public init(_ context: String, reason: String) {
        self.context = context
        self.reason = reason
    }

    /// Takes the reason from OpenSSL's error queue (and empties it).
    static func fromQueue(_ context: String, fallback: String = "unknown error") -> TLSError {
        TLSError(context, reason: TLSError.drainQueue() ?? fallback)
    }

    /// The oldest error of this thread's OpenSSL queue as text (`error:0A00009C:SSL routines::http
    /// request`), or nil; the queue is emptied.
    static func drainQueue() -> String? {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "\(context): \(reason)" }

    public var srsCode: Int { SRSErrorCode.socketRead }
}
