import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Watches one directory with inotify on the loop and reports the names that changed.
///
/// Used for config auto-reload: the config file itself, or Kubernetes' `..data` symlink swap
/// (kubelet writes `..data_tmp` and renames it to `..data`, an IN_MOVED_TO).
public final class FileWatcher: EventHandler {
    private let fd: Int32
    private let watch: Int32
    public let directory: String
    private unowned let loop: EventLoop
    private let onChange: ([String]) -> Void

    public init(loop: EventLoop, directory: String, onChange: @escaping ([String]) -> Void) throws {
        fd = try syscallChecked("inotify_init1") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO)
        let wd = inotify_add_watch(fd, directory, mask)
        if wd < 0 {
            let code = errno
            Glibc.close(fd)
            throw IOError("inotify_add_watch(\(directory))", errno: code)
        }
        watch = wd
        self.directory = directory
        self.loop = loop
        self.onChange = onChange
        do {
            try loop.register(fd: fd, events: Events.readable, handler: self)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    public func handleEvents(_ events: UInt32) {
        let buffer = loop.scratch
        var names: [String] = []
        while true {
            let n = read(fd, buffer.baseAddress, 64 * 1024)
            if n <= 0 { break }
            var offset = 0
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }
            while offset + 16 <= n {
                let length = Int(buffer.load(fromByteOffset: offset + 12, as: UInt32.self))
                let nameStart = offset + 16
                let nameEnd = min(nameStart + length, n)
                let raw = UnsafeRawBufferPointer(rebasing: buffer[nameStart..<nameEnd])
                let name = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                if !name.isEmpty { names.append(name) }
                offset = nameStart + length
            }
        }
        if !names.isEmpty { onChange(names) }
    }

    public func close() {
        loop.unregister(fd: fd)
        inotify_rm_watch(fd, watch)
        Glibc.close(fd)
    }
}
