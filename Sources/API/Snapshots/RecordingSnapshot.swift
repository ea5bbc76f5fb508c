/// Beyond SRS: a stream's DVR state as `/api/v1/streams` shows it (`"dvr":{...}`).
public struct RecordingSnapshot: Sendable, Equatable {
    public var recording: Bool
    /// The file being written (final name), or the last one written.
    public var file: String
    public var files: Int64
    public var bytes: Int64
    public var lastError: String

    public init(recording: Bool, file: String, files: Int64, bytes: Int64, lastError: String) {
        self.recording = recording
        self.file = file
        self.files = files
        self.bytes = bytes
        self.lastError = lastError
    }
}
