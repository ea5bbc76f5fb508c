import HLS

/// An in-memory `HLSFileStore` that records every operation and can be told to fail.
final class MemoryFileStore: HLSFileStore {
    private(set) var files: [String: [UInt8]] = [:]
    private(set) var directories: Set<String> = []
    /// "mkdir dir", "write tmp -> path", "rm path", in order.
    private(set) var operations: [String] = []
    /// When set, the matching operation fails with this errno (`failWhere` narrows it by path).
    var mkdirError: Int32?
    var writeError: Int32?
    var renameError: Int32?
    var removeError: Int32?
    var failWhere: (String) -> Bool = { _ in true }
    /// How many more failures to inject (then operations succeed again).
    var failuresLeft = Int.max

    private func shouldFail(_ error: Int32?, _ path: String) -> Int32? {
        guard let error, failuresLeft > 0, failWhere(path) else { return nil }
        failuresLeft -= 1
        return error
    }

    func createDirectories(_ path: String) throws(HLSError) {
        if let code = shouldFail(mkdirError, path) { throw .createDirectory(path: path, errno: code) }
        directories.insert(path)
        operations.append("mkdir \(path)")
    }

    func writeAtomically(_ bytes: [UInt8], to path: String, temporaryPath: String) throws(HLSError) {
        if let code = shouldFail(writeError, path) { throw .writeFile(path: temporaryPath, errno: code) }
        if let code = shouldFail(renameError, path) {
            throw .renameFile(from: temporaryPath, to: path, errno: code)
        }
        files[path] = bytes
        operations.append("write \(temporaryPath) -> \(path)")
    }

    func remove(_ path: String) throws(HLSError) {
        if let code = shouldFail(removeError, path) { throw .removeFile(path: path, errno: code) }
        files[path] = nil
        operations.append("rm \(path)")
    }

    func text(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }

    /// The .ts files, sorted by name.
    var segmentPaths: [String] { files.keys.filter { $0.hasSuffix(".ts") }.sorted() }
}
