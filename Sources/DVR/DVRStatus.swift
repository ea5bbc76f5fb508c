/// One stream's recording, for logs and the HTTP API.
public struct DVRStatus: Equatable, Sendable {
    /// A file is open and being written.
    public var isRecording = false
    /// The file being written (its final name; the bytes are in `<path>.tmp` until close).
    public var currentPath: String?
    public var currentBytes: Int64 = 0
    public var currentDurationMillis: Int64 = 0
    /// Files finished since the server started, and their bytes.
    public var filesWritten = 0
    public var bytesWritten: Int64 = 0
    /// Frames left out: codecs MP4 cannot carry, frames that do not parse.
    public var skippedFrames: UInt64 = 0
    /// The last failure (a disk error stops the file; the next one is tried a second later).
    public var lastError: DVRError?
    public var lastFile: DVRFile?

    public init() {}
}
