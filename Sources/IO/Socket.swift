import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Socket helpers: listening, connecting and per-socket options. All sockets are non-blocking.
public enum Socket {
    /// `workers N` (N > 1): every listener sets SO_REUSEPORT so each worker's loop has its own
    /// socket on the same port and the kernel spreads new connections over them. Set once at
    /// startup, before any listener opens and before any worker thread starts.
    nonisolated(unsafe) public static var sharePorts = false

    /// Opens a non-blocking listening TCP socket on `address`.
    public static func listen(_ address: SocketAddress, backlog: Int32 = 1024) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try syscallChecked("socket") { socket(address.family, type, 0) }
        do {
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            if sharePorts {
                try syscallChecked("setsockopt(SO_REUSEPORT)") {
                    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, socklen_t(MemoryLayout<Int32>.size))
                }
            }
            try syscallChecked("bind(\(address))") { address.withSockAddr { bind(fd, $0, $1) } }
            try syscallChecked("listen(\(address))") { Glibc.listen(fd, backlog) }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// Starts a non-blocking connect; completion is signalled by writability.
    public static func connect(_ address: SocketAddress) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try syscallChecked("socket") { socket(address.family, type, 0) }
        let rc = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        if rc < 0 && errno != EINPROGRESS {
            let code = errno
            close(fd)
            throw IOError("connect(\(address))", errno: code)
        }
        return fd
    }

    /// The local address of a socket.
    public static func localAddress(_ fd: Int32) -> SocketAddress {
        var address = SocketAddress()
        address.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &address.storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &address.length) }
        }
        return address
    }

    /// The pending socket error (SO_ERROR), 0 when none.
    public static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    public static func setNoDelay(_ fd: Int32, _ on: Bool) {
        _ = srs_set_tcp_nodelay(fd, on ? 1 : 0)
    }

    /// Sets SO_SNDBUF (bytes).
    public static func setSendBuffer(_ fd: Int32, bytes: Int32) {
        var value = bytes
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Pins the calling process to one CPU (benchmarks).
    public static func pinToCPU(_ cpu: Int32) -> Bool { srs_pin_to_cpu(cpu) == 0 }
}
