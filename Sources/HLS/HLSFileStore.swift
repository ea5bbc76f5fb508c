/// Where HLS files go: the muxer's only side effects, injected so tests use memory and a failing
/// store. Calls are synchronous and short (one segment write at a time).
public protocol HLSFileStore: AnyObject {
    /// mkdir -p `path`; an existing directory is success.
    func createDirectories(_ path: String) throws(HLSError)
    /// Writes `bytes` to `temporaryPath`, then renames it onto `path` (readers never see a partial
    /// file). The temporary file is removed when any step fails.
    func writeAtomically(_ bytes: [UInt8], to path: String, temporaryPath: String) throws(HLSError)
    /// Deletes `path`; a file that is already gone is success.
    func remove(_ path: String) throws(HLSError)
}
