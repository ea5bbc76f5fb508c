import CShim
import Core
#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket on the loop that hands accepted, non-blocking fds to `onAccept`.
public final class Listener: EventHandler {
    public let fd: Int32
    public let address: SocketAddress
    private unowned let loop: EventLoop
    private let onAccept: (Int32, SocketAddress) -> Void

    public init(loop: EventLoop, address: SocketAddress, onAccept: @escaping (Int32, SocketAddress) -> Void) throws {
        self.fd = try Socket.listen(address)
        self.address = Socket.localAddress(fd)
        self.loop = loop
        self.onAccept = onAccept
        do {
            try loop.register(fd: fd, events: Events.readable, handler: self)
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    public func handleEvents(_ events: UInt32) {
        // Accept a bounded batch per wake-up so one busy listener cannot starve the loop.
        for _ in 0..<128 {
            var peer = SocketAddress()
            peer.length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &peer.storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    srs_accept4(fd, $0, &peer.length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if client < 0 {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK { return }
                if code == EINTR || code == ECONNABORTED { continue }
                log.warn("accept on \(address) failed: \(String(cString: strerror(code)))", errno: code)
                return
            }
            onAccept(client, peer)
        }
    }

    /// Stops accepting and closes the socket.
    public func close() {
        loop.unregister(fd: fd)
        Glibc.close(fd)
    }
}
