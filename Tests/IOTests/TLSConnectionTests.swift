import COpenSSL
import Core
import IO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A self-signed EC certificate made once per test run with the `openssl` CLI.
enum TestCertificate {
    static let directory: String = {
        var template = Array("/tmp/srs-iotests-tls-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        let directory = String(cString: made!)
        let command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
            + "-subj /CN=iotests -keyout \(directory)/key.pem -out \(directory)/cert.pem >/dev/null 2>&1"
        precondition(system(command) == 0, "openssl CLI failed")
        return directory
    }()

    static func context() throws -> TLSContext {
        try TLSContext(certificateFile: directory + "/cert.pem", keyFile: directory + "/key.pem")
    }
}

/// A TLS client on memory BIOs: the test carries its bytes to and from the socket in pieces of
/// `chunk` bytes, so records and handshake messages arrive split at any byte.
final class MemoryTLSClient {
    let ssl: OpaquePointer
    private let context: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    let fd: Int32
    var chunk: Int
    var received: [UInt8] = []
    var sawCloseNotify = false
    private var unsent: [UInt8] = []

    init(fd: Int32, chunk: Int, maxVersion: Int32 = 0) {
        self.fd = fd
        self.chunk = chunk
        context = SSL_CTX_new(TLS_client_method())!
        if maxVersion != 0 {
            _ = SSL_CTX_ctrl(context, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(maxVersion), nil)
            _ = SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(maxVersion), nil)
            SSL_CTX_set_security_level(context, 0)
        }
        ssl = SSL_new(context)!
        incoming = BIO_new(BIO_s_mem())!
        outgoing = BIO_new(BIO_s_mem())!
        SSL_set_bio(ssl, incoming, outgoing)
        SSL_set_connect_state(ssl)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    var isEstablished: Bool { SSL_is_init_finished(ssl) == 1 }

    /// One step: handshake or read what arrived, then move bytes in both directions.
    func pump() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let n = read(fd, &buffer, min(chunk, buffer.count))
        if n > 0 { _ = BIO_write(incoming, buffer, Int32(n)) }
        if !isEstablished {
            _ = SSL_do_handshake(ssl)
        } else {
            while true {
                let got = SSL_read(ssl, &buffer, Int32(buffer.count))
                if got > 0 {
                    received += buffer[0..<Int(got)]
                    continue
                }
                if SSL_get_error(ssl, got) == SSL_ERROR_ZERO_RETURN { sawCloseNotify = true }
                break
            }
        }
        ERR_clear_error()
        carryOut()
    }

    func write(_ bytes: [UInt8]) {
        #expect(SSL_write(ssl, bytes, Int32(bytes.count)) == Int32(bytes.count))
        carryOut()
    }

    private func carryOut() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = BIO_read(outgoing, &buffer, Int32(buffer.count))
            if n <= 0 { break }
            unsent += buffer[0..<Int(n)]
        }
        while !unsent.isEmpty {
            let n = unsent.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, min(chunk, $0.count)) }
            if n <= 0 { break }
            unsent.removeFirst(n)
            if chunk < 64 { break }  // one piece per pump: the server sees it arrive in bits
        }
    }
}

final class ServerDelegate: ConnectionDelegate {
    var received: [UInt8] = []
    var drained = 0
    var closeError: (any Error)?
    var closed = false
    var echo = false
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        received += bytes
        if echo {
            connection.enqueueCopy(Array(bytes))
            _ = try? connection.flush()
        }
    }
    func connectionDidDrain(_ connection: Connection) { drained += 1 }
    func connection(_ connection: Connection, didCloseWith error: (any Error)?) {
        closed = true
        closeError = error
    }
}

@Suite struct TLSConnectionTests {
    private func socketPair() -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        precondition(socketpair(AF_UNIX, type, 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    private func run(_ loop: EventLoop, _ client: MemoryTLSClient, until done: () -> Bool) {
        let deadline = Clock.monotonicMillis() + 10_000
        while !done() && Clock.monotonicMillis() < deadline {
            client.pump()
            loop.runOnce(maxWait: 1)
        }
    }

    @Test(arguments: [65536, 5, 1])
    func handshakeAndBytesBothWaysWithRecordsSplitAnywhere(chunk: Int) throws {
        let loop = try EventLoop()
        let (a, b) = socketPair()
        let server = try Connection(loop: loop, fd: a, peer: SocketAddress(), tls: try TestCertificate.context())
        let delegate = ServerDelegate()
        delegate.echo = true
        server.delegate = delegate
        #expect(server.isSecure)
        let client = MemoryTLSClient(fd: b, chunk: chunk)
        run(loop, client) { client.isEstablished }
        #expect(client.isEstablished)
        let request = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        client.write(request)
        run(loop, client) { client.received.count >= request.count }
        #expect(delegate.received == request)
        #expect(client.received == request)
        #expect(server.bytesReceived == UInt64(request.count) && server.bytesSent == UInt64(request.count))
        // close_notify on close.
        server.close()
        run(loop, client) { client.sawCloseNotify }
        #expect(client.sawCloseNotify)
        close(b)
    }

    @Test func queuedSlicesSurviveWantWriteRetriesIntact() throws {
        let loop = try EventLoop()
        let (a, b) = socketPair()
        var small: Int32 = 4096
        setsockopt(a, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        let server = try Connection(loop: loop, fd: a, peer: SocketAddress(), tls: try TestCertificate.context())
        let delegate = ServerDelegate()
        server.delegate = delegate
        let client = MemoryTLSClient(fd: b, chunk: 65536)
        run(loop, client) { client.isEstablished }
        client.write([1])
        run(loop, client) { delegate.received.count == 1 }
        // The HTTP-FLV shape: small per-connection headers between slices of shared bodies.
        var expected: [UInt8] = []
        let payload = SharedBytes((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for i in 0..<4 {
            server.enqueueCopy([UInt8(i), 0xFF, 0xEE])
            expected += [UInt8(i), 0xFF, 0xEE]
            server.enqueue(payload, offset: i * 977, count: payload.count - i * 977)
            expected += payload.array((i * 977)..<payload.count)
        }
        let done = try server.flush()
        #expect(done == false, "4 MiB cannot fit a 4 KiB socket buffer")
        #expect(server.hasPendingOutput && server.isWriteBlocked)
        run(loop, client) { client.received.count >= expected.count }
        #expect(client.received.count == expected.count)
        #expect(client.received == expected)
        #expect(delegate.drained >= 1)
        #expect(!server.hasPendingOutput)
        #expect(server.bytesSent == UInt64(expected.count))
        server.close()
        close(b)
    }

    @Test func plainBytesOnATLSConnectionCloseItWithOpenSSLsReason() throws {
        let loop = try EventLoop()
        let (a, b) = socketPair()
        let server = try Connection(loop: loop, fd: a, peer: SocketAddress(), tls: try TestCertificate.context())
        let delegate = ServerDelegate()
        server.delegate = delegate
        let request = Array("GET / HTTP/1.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(b, $0.baseAddress, $0.count) }
        for _ in 0..<10 where !delegate.closed { loop.runOnce(maxWait: 5) }
        #expect(delegate.closed && server.isClosed)
        let error = try #require(delegate.closeError as? TLSError)
        #expect(error.description.contains("https handshake with") && error.description.contains("http request"))
        #expect(delegate.received.isEmpty)
        close(b)
    }

    @Test func aTLS11ClientIsRefused() throws {
        let loop = try EventLoop()
        let (a, b) = socketPair()
        let server = try Connection(loop: loop, fd: a, peer: SocketAddress(), tls: try TestCertificate.context())
        let delegate = ServerDelegate()
        server.delegate = delegate
        let client = MemoryTLSClient(fd: b, chunk: 65536, maxVersion: TLS1_1_VERSION)
        run(loop, client) { delegate.closed }
        #expect(!client.isEstablished)
        let error = try #require(delegate.closeError as? TLSError)
        #expect(error.reason.contains("unsupported protocol"))
        close(b)
    }

    @Test func badFilesAreErrorsNamingTheFileAndTheReason() throws {
        let directory = TestCertificate.directory
        let missing = #expect(throws: TLSError.self) {
            try TLSContext(certificateFile: directory + "/none.pem", keyFile: directory + "/key.pem")
        }
        #expect(missing?.description == "https cert \(directory)/none.pem: No such file or directory")
        let garbage = directory + "/garbage.pem"
        precondition(system("echo junk > \(garbage)") == 0)
        let bad = #expect(throws: TLSError.self) {
            try TLSContext(certificateFile: garbage, keyFile: directory + "/key.pem")
        }
        #expect(bad?.description.hasPrefix("https cert \(garbage): error:") == true)
        let badKey = #expect(throws: TLSError.self) {
            try TLSContext(certificateFile: directory + "/cert.pem", keyFile: garbage)
        }
        #expect(badKey?.description.hasPrefix("https key \(garbage): error:") == true)
        #expect(try TestCertificate.context().subject == "/CN=iotests")
    }
}
