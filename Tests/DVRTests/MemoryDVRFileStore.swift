import DVR

/// An in-memory `DVRFileStore` that records every operation and can be told to fail.
final class MemoryDVRFileStore: DVRFileStore {
    var files: [String: [UInt8]] = [:]
    private(set) var directories: Set<String> = []
    /// "mkdir dir", "create path", "rename a -> b", "rm path", in order.
    private(set) var operations: [String] = []
    /// When set, the matching operation fails with this errno (`failWhere` narrows it by path).
    var mkdirError: Int32?
    var createError: Int32?
    var writeError: Int32?
    var renameError: Int32?
    var failWhere: (String) -> Bool = { _ in true }
    /// How many more failures to inject (then operations succeed again).
    var failuresLeft = Int.max
    var cwd = "/srv/srs"
    /// Calls of `createDirectories`, failed or not.
    private(set) var mkdirCalls = 0

    func shouldFail(_ error: Int32?, _ path: String) -> Int32? {
        guard let error, failuresLeft > 0, failWhere(path) else { return nil }
        failuresLeft -= 1
        return error
    }

    func createDirectories(_ path: String) throws(DVRError) {
        mkdirCalls += 1
        if let code = shouldFail(mkdirError, path) { throw .createDirectory(path: path, errno: code) }
        directories.insert(path)
        operations.append("mkdir \(path)")
    }

    func fileExists(_ path: String) -> Bool { files[path] != nil }

    func create(_ path: String) throws(DVRError) -> DVRFileHandle {
        if let code = shouldFail(createError, path) { throw .openFile(path: path, errno: code) }
        files[path] = []
        operations.append("create \(path)")
        return Handle(store: self, path: path)
    }

    func rename(_ from: String, to: String) throws(DVRError) {
        if let code = shouldFail(renameError, to) { throw .renameFile(from: from, to: to, errno: code) }
        files[to] = files.removeValue(forKey: from)
        operations.append("rename \(from) -> \(to)")
    }

    func remove(_ path: String) throws(DVRError) {
        files[path] = nil
        operations.append("rm \(path)")
    }

    func workingDirectory() -> String { cwd }

    /// Paths of the files, sorted.
    var paths: [String] { files.keys.sorted() }

    final class Handle: DVRFileHandle {
        let store: MemoryDVRFileStore
        let path: String
        private(set) var closed = false

        init(store: MemoryDVRFileStore, path: String) {
            self.store = store
            self.path = path
        }

        func append(_ bytes: [UInt8]) throws(DVRError) {
            precondition(!closed, "write after close")
            if let code = store.shouldFail(store.writeError, path) { throw .writeFile(path: path, errno: code) }
            store.files[path, default: []].append(contentsOf: bytes)
        }

        func overwrite(_ bytes: [UInt8], at offset: Int64) throws(DVRError) {
            precondition(!closed, "write after close")
            if let code = store.shouldFail(store.writeError, path) { throw .writeFile(path: path, errno: code) }
            let start = Int(offset)
            store.files[path]?.replaceSubrange(start..<(start + bytes.count), with: bytes)
        }

        func close() throws(DVRError) { closed = true }
    }
}
