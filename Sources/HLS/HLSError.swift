import Codec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every failure of the HLS module: disk operations with their errno, and skipped frames.
public enum HLSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// mkdir -p of `path` failed.
    case createDirectory(path: String, errno: Int32)
    /// Writing (open/write/close) `path` failed.
    case writeFile(path: String, errno: Int32)
    /// Renaming the temporary file onto `to` failed.
    case renameFile(from: String, to: String, errno: Int32)
    /// Deleting `path` failed.
    case removeFile(path: String, errno: Int32)
    /// A frame could not be muxed and was skipped.
    case badFrame(CodecError)
    /// Making a key or encrypting a segment failed in OpenSSL (`hls_keys`).
    case encryption(String)

    public var description: String {
        switch self {
        case let .createDirectory(path, code): return "hls: create dir \(path): \(Self.reason(code))"
        case let .writeFile(path, code): return "hls: write \(path): \(Self.reason(code))"
        case let .renameFile(from, to, code): return "hls: rename \(from) => \(to): \(Self.reason(code))"
        case let .removeFile(path, code): return "hls: remove \(path): \(Self.reason(code))"
        case let .badFrame(error): return "hls: skip frame: \(error)"
        case let .encryption(reason): return "hls: encrypt: \(reason)"
        }
    }

    /// The category logged once per publish: the operation and the errno (or codec failure).
    public var kind: String {
        switch self {
        case let .createDirectory(_, code): return "mkdir/\(code)"
        case let .writeFile(_, code): return "write/\(code)"
        case let .renameFile(_, _, code): return "rename/\(code)"
        case let .removeFile(_, code): return "unlink/\(code)"
        case let .badFrame(error): return "frame/" + (Mirror(reflecting: error).children.first?.label ?? "\(error)")
        case .encryption: return "encrypt"
        }
    }

    static func reason(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
