import DVR
import Glibc
import Testing

@Suite struct PosixDVRFileStoreTests {
    @Test func writesPatchesAndRenames() throws {
        let root = try TempDirectory()
        let store = PosixDVRFileStore()
        try store.createDirectories(root.path + "/a/b")
        let handle = try store.create(root.path + "/a/b/f.tmp")
        try handle.append([1, 2, 3, 4])
        try handle.append([5, 6])
        try handle.overwrite([9, 9], at: 1)
        try handle.close()
        try store.rename(root.path + "/a/b/f.tmp", to: root.path + "/a/b/f")
        #expect(root.read(root.path + "/a/b/f") == [1, 9, 9, 4, 5, 6])
        #expect(store.fileExists(root.path + "/a/b/f") && !store.fileExists(root.path + "/a/b/f.tmp"))
        try store.remove(root.path + "/a/b/f")
        try store.remove(root.path + "/a/b/f")
        #expect(!store.fileExists(root.path + "/a/b/f"))
    }

    @Test func aFileInTheWayOfADirectoryIsNotADirectory() throws {
        let root = try TempDirectory()
        let store = PosixDVRFileStore()
        try store.create(root.path + "/file").close()
        #expect(throws: DVRError.createDirectory(path: root.path + "/file", errno: ENOTDIR)) {
            try store.createDirectories(root.path + "/file/live")
        }
        #expect(throws: DVRError.openFile(path: root.path + "/file/x.tmp", errno: ENOTDIR)) {
            _ = try store.create(root.path + "/file/x.tmp")
        }
    }

    @Test func knowsTheWorkingDirectory() {
        #expect(PosixDVRFileStore().workingDirectory().hasPrefix("/"))
    }
}
