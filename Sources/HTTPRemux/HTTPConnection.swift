import Core
import HTTP
import IO
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP client: parses requests (keep-alive, pipelining), hands them to the server's routes,
/// writes responses, and can be taken over by a streaming session.
public final class HTTPConnection: ConnectionDelegate {
    public let cid = ContextID.make()
    public let connection: Connection
    public let role: HTTPListenerRole
    unowned let server: HTTPServer
    private var parser: HTTPRequestParser
    /// The session that owns the output after a streaming response started.
    public private(set) var stream: HTTPStreamSession?
    private var closeWhenDrained = false
    /// Monotonic ms of the last request or response activity (idle timeout).
    var lastActivity: Int64
    /// Monotonic ms when the first byte of the request being received arrived, 0 between requests
    /// (the request timeout: a head or body trickled byte by byte still has to complete in time).
    var requestStartedAt: Int64 = 0
    public let connectedAt = Clock.wallMillis()

    init(server: HTTPServer, fd: Int32, peer: SocketAddress, role: HTTPListenerRole, tls: TLSContext? = nil) throws {
        self.server = server
        self.role = role
        parser = HTTPRequestParser(limits: server.limits)
        connection = try Connection(loop: server.loop, fd: fd, peer: peer, tls: tls)
        lastActivity = server.loop.now
        connection.delegate = self
    }

    /// The client address for logs and the API: `X-Forwarded-For` / `X-Real-IP` are used by
    /// the handlers that care; this is the socket peer.
    public var peerIP: String { connection.peer.host }

    public var isStreaming: Bool { stream != nil }

    // MARK: ConnectionDelegate

    public func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastActivity = server.loop.now
        // A streaming response owns the connection; anything the client sends is ignored.
        guard stream == nil, !closeWhenDrained else { return }
        parser.feed(bytes)
        if requestStartedAt == 0 { requestStartedAt = server.loop.now }
        do {
            while stream == nil, !closeWhenDrained, !connection.isClosed, let request = try parser.next() {
                // The next pipelined request starts now.
                requestStartedAt = server.loop.now
                if parser.takeContinueRequest() { connection.enqueueCopy(HTTPResponseHead.continueBytes) }
                server.dispatch(request, on: self)
            }
            if parser.isIdle { requestStartedAt = 0 }
            // Back-pressure: a client that piles up pipelined requests stops being read.
            connection.setReadPaused(parser.bufferedByteCount > server.limits.headerBytes * 4)
            // A streaming response owns the connection from now on: the parser's buffer (the
            // request's bytes) is not needed while the player waits between batches.
            if stream != nil { parser = HTTPRequestParser(limits: server.limits) }
        } catch {
            log.warn("http: bad request from \(peerIP): \(error)", cid: cid)
            respond(HTTPResponseHead.error(error.status, keepAlive: false), keepAlive: false)
        }
    }

    public func connectionDidDrain(_ connection: Connection) {
        lastActivity = server.loop.now
        if closeWhenDrained {
            connection.close()
            return
        }
        stream?.streamDidDrain()
    }

    public func connection(_ connection: Connection, didCloseWith error: (any Error)?) {
        // TLS failures (a plain-HTTP client on the HTTPS port, a bad client certificate
        // chain, an old protocol): once per connection, with the peer and OpenSSL's reason.
        if let tlsError = error as? TLSError { log.warn("\(tlsError)", cid: cid) }
        let session = stream
        stream = nil
        session?.streamDidClose()
        server.connectionDidClose(self)
    }

    // MARK: responding

    /// Writes a complete response; closes after it when `keepAlive` is false.
    public func respond(_ bytes: [UInt8], keepAlive: Bool) {
        lastActivity = server.loop.now
        connection.enqueueCopy(bytes)
        finishResponse(keepAlive: keepAlive)
    }

    /// Writes a head and a shared body (files): the body is not copied.
    public func respond(head: [UInt8], body: SharedBytes?, keepAlive: Bool) {
        connection.enqueueCopy(head)
        if let body { connection.enqueue(body) }
        finishResponse(keepAlive: keepAlive)
    }

    private func finishResponse(keepAlive: Bool) {
        do {
            let drained = try connection.flush()
            if !keepAlive {
                closeWhenDrained = true
                if drained { connection.close() }
            }
        } catch {
            connection.close(error)
        }
    }

    /// Hands the rest of the connection to a streaming session (the head is written by it).
    public func beginStreaming(_ session: HTTPStreamSession) {
        stream = session
    }

    /// Closes the connection (end of a stream, kick, quit).
    public func close(_ error: (any Error)? = nil) {
        connection.close(error)
    }

    /// Flushes queued output; closes on a write error. Returns true when everything was written.
    @discardableResult
    public func flush() -> Bool {
        do {
            return try connection.flush()
        } catch {
            connection.close(error)
            return false
        }
    }
}
