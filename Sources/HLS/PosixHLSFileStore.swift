#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file store: open/write/rename/unlink through libc, retrying EINTR.
public final class PosixHLSFileStore: HLSFileStore {
    public init() {}

    public func createDirectories(_ path: String) throws(HLSError) {
        guard !path.isEmpty else { return }
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

    public func writeAtomically(_ bytes: [UInt8], to path: String, temporaryPath: String) throws(HLSError) {
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFile(path: temporaryPath, errno: errno) }
        let writeError: Int32 = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return n < 0 ? errno : EIO
                }
            }
            return 0
        }
        let closeError: Int32 = close(fd) == 0 ? 0 : errno
        if writeError != 0 || closeError != 0 {
            unlink(temporaryPath)
            throw .writeFile(path: temporaryPath, errno: writeError != 0 ? writeError : closeError)
        }
        if rename(temporaryPath, path) != 0 {
            let code = errno
            unlink(temporaryPath)
            throw .renameFile(from: temporaryPath, to: path, errno: code)
        }
    }

    public func remove(_ path: String) throws(HLSError) {
        if unlink(path) != 0 && errno != ENOENT { throw .removeFile(path: path, errno: errno) }
    }

    private func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
