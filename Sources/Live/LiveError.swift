import Core

/// Why a source refused something.
public enum LiveError: Error, CustomStringConvertible, SRSCoded {
    /// Another publisher holds the stream.
    case streamBusy(String)

    public var description: String {
        switch self {
        case .streamBusy(let url): return "stream \(url) is busy"
        }
    }

    public var srsCode: Int {
        switch self {
        case .streamBusy: return SRSErrorCode.streamBusy
        }
    }
}
