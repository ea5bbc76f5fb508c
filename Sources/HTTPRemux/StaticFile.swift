import Core
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// An open regular file under a web root, resolved safely.
final class StaticFile {
    let fd: Int32
    let path: String
    let size: Int
    /// Modification time, epoch seconds.
    let modified: Int
    private var closed = false

    private init(fd: Int32, path: String, size: Int, modified: Int) {
        self.fd = fd
        self.path = path
        self.size = size
        self.modified = modified
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Resolves `rawPath` under `root` (directories serve index.html) and opens it; symlinks
    /// that lead outside the root are refused as missing.
    static func open(root: String, rawPath: String) throws -> StaticFile {
        let relative = try StaticPath.resolve(rawPath: rawPath, mount: "/")
        var path = StaticPath.join(root: root, relative)
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            path = StaticPath.join(root: path, StaticPath.indexFile)
        }
        guard let realRoot = realPath(root), let realFile = realPath(path),
              StaticPath.isInside(root: realRoot, resolved: realFile) else {
            throw HTTPError.pathOutsideMount(path: rawPath, mount: "/")
        }
        let fd = Glibc.open(realFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError.pathOutsideMount(path: rawPath, mount: "/") }
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw HTTPError.pathOutsideMount(path: rawPath, mount: "/")
        }
        return StaticFile(fd: fd, path: path, size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads `count` bytes at `offset`, or nil on a read error.
    func read(offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            done += n
        }
        return bytes
    }
}

/// Streams a large file in 256 KiB pieces as the socket drains.
final class FileSender: HTTPStreamSession {
    private let file: StaticFile
    private var offset: Int
    private var remaining: Int
    private unowned let connection: HTTPConnection
    private let keepAlive: Bool
    static let piece = 256 << 10

    init(file: StaticFile, offset: Int, remaining: Int, connection: HTTPConnection, keepAlive: Bool) {
        self.file = file
        self.offset = offset
        self.remaining = remaining
        self.connection = connection
        self.keepAlive = keepAlive
    }

    func streamDidDrain() {
        while remaining > 0 {
            let count = min(FileSender.piece, remaining)
            guard let bytes = file.read(offset: offset, count: count) else {
                connection.close()
                return
            }
            offset += count
            remaining -= count
            connection.connection.enqueue(SharedBytes(bytes))
            if !connection.flush() { return }
        }
        // Files are sent once; the connection then closes (a keep-alive client reconnects).
        file.close()
        connection.close()
    }

    func streamDidClose() { file.close() }
}
