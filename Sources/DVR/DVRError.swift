import Codec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every failure of a recording: disk operations with their errno, and frames that cannot be
/// recorded. None of them reaches the source: players never notice.
public enum DVRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// mkdir -p of `path` failed.
    case createDirectory(path: String, errno: Int32)
    /// The final file exists already (SRS ERROR_DVR_CANNOT_APPEND: a recording never overwrites).
    case fileExists(path: String)
    /// Creating the temporary file failed.
    case openFile(path: String, errno: Int32)
    /// Writing to the temporary file failed (a full disk: ENOSPC).
    case writeFile(path: String, errno: Int32)
    /// Renaming the finished temporary file onto its final name failed.
    case renameFile(from: String, to: String, errno: Int32)
    /// Deleting a temporary file failed.
    case removeFile(path: String, errno: Int32)
    /// The MP4 muxer cannot carry this codec (FLV codec id or sound format); its frames are skipped.
    case unsupportedCodec(kind: String, id: UInt8)
    /// An MP4 frame arrived before its track's sequence header (nothing describes it); skipped.
    case frameBeforeSequenceHeader(kind: String)
    /// A frame or sequence header could not be parsed and was skipped.
    case badFrame(CodecError)

    public var description: String {
        switch self {
        case let .createDirectory(path, code): return "dvr: create dir \(path): \(Self.reason(code))"
        case let .fileExists(path): return "dvr: can't append to existing file \(path)"
        case let .openFile(path, code): return "dvr: open \(path): \(Self.reason(code))"
        case let .writeFile(path, code): return "dvr: write \(path): \(Self.reason(code))"
        case let .renameFile(from, to, code): return "dvr: rename \(from) => \(to): \(Self.reason(code))"
        case let .removeFile(path, code): return "dvr: remove \(path): \(Self.reason(code))"
        case let .unsupportedCodec(kind, id): return "dvr: mp4 cannot record \(kind) codec \(id), frames skipped"
        case let .frameBeforeSequenceHeader(kind): return "dvr: mp4 \(kind) frame before its sequence header, skipped"
        case let .badFrame(error): return "dvr: skip frame: \(error)"
        }
    }

    /// The category that is logged once: the operation and the errno (or the codec failure).
    public var kind: String {
        switch self {
        case let .createDirectory(_, code): return "mkdir/\(code)"
        case .fileExists: return "exists"
        case let .openFile(_, code): return "open/\(code)"
        case let .writeFile(_, code): return "write/\(code)"
        case let .renameFile(_, _, code): return "rename/\(code)"
        case let .removeFile(_, code): return "unlink/\(code)"
        case let .unsupportedCodec(kind, id): return "codec/\(kind)/\(id)"
        case let .frameBeforeSequenceHeader(kind): return "early/\(kind)"
        case let .badFrame(error): return "frame/" + (Mirror(reflecting: error).children.first?.label ?? "\(error)")
        }
    }

    /// Whether the error ends the file being written (disk failures), rather than one frame.
    public var endsFile: Bool {
        switch self {
        case .createDirectory, .fileExists, .openFile, .writeFile, .renameFile, .removeFile: return true
        case .unsupportedCodec, .frameBeforeSequenceHeader, .badFrame: return false
        }
    }

    static func reason(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
