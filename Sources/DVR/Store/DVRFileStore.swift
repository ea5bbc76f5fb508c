/// Where recordings go: the recorder's only side effects, injected so tests use memory and a
/// failing store. Calls are synchronous; writes are batched by the recorder (64 KiB).
public protocol DVRFileStore: AnyObject {
    /// mkdir -p `path`; an existing directory is success.
    func createDirectories(_ path: String) throws(DVRError)
    /// Whether anything exists at `path`.
    func fileExists(_ path: String) -> Bool
    /// Creates (or truncates) `path` for writing.
    func create(_ path: String) throws(DVRError) -> DVRFileHandle
    /// Renames `from` onto `to`.
    func rename(_ from: String, to: String) throws(DVRError)
    /// Deletes `path`; a file that is already gone is success.
    func remove(_ path: String) throws(DVRError)
    /// The process's working directory (SRS's `cwd` in on_dvr).
    func workingDirectory() -> String
}

/// One file being written.
public protocol DVRFileHandle: AnyObject {
    /// Appends `bytes` at the end; a short write is an error.
    func append(_ bytes: [UInt8]) throws(DVRError)
    /// Overwrites bytes written earlier (metadata and box sizes patched at close).
    func overwrite(_ bytes: [UInt8], at offset: Int64) throws(DVRError)
    /// Closes the descriptor (also after a failure).
    func close() throws(DVRError)
}
