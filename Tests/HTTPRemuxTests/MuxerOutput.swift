import Codec
import Core
import IO
@testable import HTTPRemux
#if canImport(Glibc)
import Glibc
#endif

/// A muxer's real output: a `Connection` on one end of a socket pair, the bytes read back from
/// the other end.
final class MuxerOutput {
    let loop: EventLoop
    let connection: Connection
    private let peer: Int32
    /// Packets written and not flushed yet: muxers queue payloads borrowed, which the player's
    /// take keeps alive until its flush (`Consumer.takeBorrowed`); here this array does.
    private var lent: [MediaPacket] = []

    init() throws {
        var fds: [Int32] = [0, 0]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        precondition(socketpair(AF_UNIX, type, 0, &fds) == 0)
        loop = try EventLoop()
        connection = try Connection(loop: loop, fd: fds[0], peer: SocketAddress())
        peer = fds[1]
    }

    deinit {
        connection.close()
        close(peer)
    }

    /// `muxer.write(packet, to: connection)`, keeping the packet until the next `take`.
    func write(_ packet: MediaPacket, with muxer: StreamMuxer) -> Int {
        lent.append(packet)
        return muxer.write(packet, to: connection)
    }

    /// Flushes the connection and returns everything that reached the peer since the last call.
    func take() throws -> [UInt8] {
        _ = try connection.flush()
        lent = []
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(peer, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
