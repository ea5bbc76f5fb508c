import Core
#if canImport(Glibc)
import Glibc
#endif

/// The pid file, write-locked with fcntl for the life of the process so a second instance on
/// the same file is refused (SRS 1035 "srs is already running").
final class PidFile {
    let path: String
    private let fd: Int32

    enum Failure: Error, CustomStringConvertible, SRSCoded {
        case open(String, Int32)
        case locked(String, pid: String)

        var description: String {
            switch self {
            case let .open(path, code): return "open pid file \(path): \(String(cString: strerror(code)))"
            case let .locked(path, pid): return "srs is already running (pid \(pid), lock held on \(path))"
            }
        }

        var srsCode: Int { SRSErrorCode.pidExists }
    }

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.open(path, errno) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        if fcntl(fd, F_SETLK, &lock) < 0 {
            let other = PidFile.read(path) ?? "?"
            close(fd)
            throw Failure.locked(path, pid: other)
        }
        ftruncate(fd, 0)
        let text = "\(getpid())"
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    deinit { close(fd) }

    /// The pid written in `path`, if readable.
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = Glibc.read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self).trimmingTrailingNewline()
    }
}

extension String {
    func trimmingTrailingNewline() -> String {
        var s = self
        while let last = s.last, last == "\n" || last == "\r" || last == " " { s.removeLast() }
        return s
    }
}
