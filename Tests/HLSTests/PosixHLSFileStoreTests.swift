import Glibc
import HLS
import Testing

@Suite struct PosixHLSFileStoreTests {
    @Test func writesAtomicallyCreatesDirectoriesAndRemoves() throws {
        let root = try TempDirectory()
        let store = PosixHLSFileStore()
        try store.createDirectories(root.path + "/a/b/c")
        try store.createDirectories(root.path + "/a/b/c")
        let path = root.path + "/a/b/c/x.ts"
        try store.writeAtomically([1, 2, 3], to: path, temporaryPath: path + ".tmp")
        #expect(root.read(path) == [1, 2, 3])
        #expect(access(path + ".tmp", F_OK) != 0)
        try store.writeAtomically([4], to: path, temporaryPath: path + ".tmp")
        #expect(root.read(path) == [4])
        try store.remove(path)
        try store.remove(path)
        #expect(access(path, F_OK) != 0)
    }

    @Test func failuresCarryTheirErrno() throws {
        let root = try TempDirectory()
        let store = PosixHLSFileStore()
        #expect(throws: HLSError.writeFile(path: root.path + "/missing/x.tmp", errno: ENOENT)) {
            try store.writeAtomically([1], to: root.path + "/missing/x", temporaryPath: root.path + "/missing/x.tmp")
        }
        try store.createDirectories(root.path + "/d/e")
        #expect(throws: HLSError.removeFile(path: root.path + "/d", errno: EISDIR)) { try store.remove(root.path + "/d") }
    }
}
