import Core
import Live

/// A finished recording file, as `DVRService.onFileClosed` reports it (the on_dvr hook's data).
public struct DVRFile: Equatable, Sendable {
    public var key: StreamKey
    /// The file as built from `dvr_path` (relative paths stay relative): SRS's on_dvr `file`.
    public var path: String
    /// The process's working directory when the file was closed: SRS's on_dvr `cwd`.
    public var cwd: String
    public var container: DVRContainer
    /// Media time the file spans.
    public var duration: Duration
    public var bytes: Int64
    /// The publisher whose stream was recorded (SRS's on_dvr `client_id`).
    public var publisherID: ContextID?

    public init(key: StreamKey, path: String, cwd: String, container: DVRContainer, duration: Duration, bytes: Int64,
                publisherID: ContextID?) {
        self.key = key
        self.path = path
        self.cwd = cwd
        self.container = container
        self.duration = duration
        self.bytes = bytes
        self.publisherID = publisherID
    }

    /// `path` made absolute against `cwd` (a leading `./` dropped).
    public var absolutePath: String {
        if path.hasPrefix("/") { return path }
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return cwd.hasSuffix("/") ? cwd + relative : cwd + "/" + relative
    }

    /// The path relative to `cwd` (unchanged when the file lies outside it).
    public var relativePath: String {
        let absolute = absolutePath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}
