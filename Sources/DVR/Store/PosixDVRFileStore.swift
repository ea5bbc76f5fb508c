#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file store: open/write/pwrite/rename/unlink through libc, retrying EINTR.
public final class PosixDVRFileStore: DVRFileStore {
    public init() {}

    public func createDirectories(_ path: String) throws(DVRError) {
        guard !path.isEmpty, path != "." else { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, 0o755) != 0 {
                let code = errno
                if code != EEXIST || !isDirectory(prefix) {
                    throw .createDirectory(path: prefix, errno: code == EEXIST ? ENOTDIR : code)
                }
            }
            prefix += "/"
        }
    }

    public func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public func create(_ path: String) throws(DVRError) -> DVRFileHandle {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .openFile(path: path, errno: errno) }
        return PosixDVRFileHandle(fd: fd, path: path)
    }

    public func rename(_ from: String, to: String) throws(DVRError) {
        if systemRename(from, to) != 0 { throw .renameFile(from: from, to: to, errno: errno) }
    }

    public func remove(_ path: String) throws(DVRError) {
        if unlink(path) != 0 && errno != ENOENT { throw .removeFile(path: path, errno: errno) }
    }

    public func workingDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "." }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}

/// libc rename(2), out of reach of the method of the same name.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
