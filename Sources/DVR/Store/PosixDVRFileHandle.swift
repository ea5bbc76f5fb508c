#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor opened by `PosixDVRFileStore`.
final class PosixDVRFileHandle: DVRFileHandle {
    private var fd: Int32
    private let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    func append(_ bytes: [UInt8]) throws(DVRError) {
        let code = bytes.withUnsafeBytes { raw in Self.loop(raw) { base, count, _ in write(fd, base, count) } }
        if code != 0 { throw .writeFile(path: path, errno: code) }
    }

    func overwrite(_ bytes: [UInt8], at offset: Int64) throws(DVRError) {
        let code = bytes.withUnsafeBytes { raw in
            Self.loop(raw) { base, count, done in pwrite(fd, base, count, off_t(offset) + off_t(done)) }
        }
        if code != 0 { throw .writeFile(path: path, errno: code) }
    }

    func close() throws(DVRError) {
        guard fd >= 0 else { return }
        let result = systemClose(fd)
        fd = -1
        // Linux releases the descriptor even when close fails (EIO after a lost write-back).
        if result != 0 { throw .writeFile(path: path, errno: errno) }
    }

    /// Writes all of `raw` with `call(base, count, written)`, retrying EINTR; 0 or the errno.
    private static func loop(_ raw: UnsafeRawBufferPointer,
                             _ call: (UnsafeRawPointer, Int, Int) -> Int) -> Int32 {
        guard let base = raw.baseAddress else { return 0 }
        var done = 0
        while done < raw.count {
            let n = call(base + done, raw.count - done, done)
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return n < 0 ? errno : ENOSPC
            }
        }
        return 0
    }
}

/// libc close(2), out of reach of the method of the same name.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
