import Clients
import Core
import HTTP
import IO
import Testing

/// The HTTP client against a tiny server on the same loop (a listener that answers with canned
/// bytes, or never), 127.0.0.1 and an ephemeral port.
@Suite struct HTTPClientTests {
    final class CannedServer: ConnectionDelegate {
        let listener: Listener
        var connections: [Connection] = []
        var received: [UInt8] = []
        let answer: [UInt8]?

        init(loop: EventLoop, answer: [UInt8]?) throws {
            self.answer = answer
            var accepted: ((Int32, SocketAddress) -> Void)?
            listener = try Listener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)!) { fd, peer in accepted?(fd, peer) }
            accepted = { [unowned self] fd, peer in
                guard let connection = try? Connection(loop: loop, fd: fd, peer: peer) else { return }
                connection.delegate = self
                self.connections.append(connection)
            }
        }

        var port: Int { listener.address.port }

        func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
            received += bytes
            guard let answer, received.count >= 4, received.suffix(4).elementsEqual(Array("\r\n\r\n".utf8))
                    || String(decoding: received, as: UTF8.self).contains("\r\n\r\n{") else { return }
            connection.enqueueCopy(answer)
            _ = try? connection.flush()
            connection.close()
        }

        func connectionDidDrain(_ connection: Connection) {}
        func connection(_ connection: Connection, didCloseWith error: (any Error)?) {}
    }

    static func exchange(answer: [UInt8]?, timeout: Int64 = 2000, port: Int? = nil, method: String = "POST",
                         body: [UInt8] = Array("{\"a\":1}".utf8)) throws -> (Result<HTTPClientResponse, any Error>?, String) {
        let loop = try EventLoop()
        let server = try CannedServer(loop: loop, answer: answer)
        let url = try HTTPURL(parsing: "http://127.0.0.1:\(port ?? server.port)/api/v1/clients?x=1")
        var result: Result<HTTPClientResponse, any Error>?
        let client = HTTPClient(loop: loop, resolver: Resolver(loop: loop, overrides: [:]), url: url,
                                request: HTTPClient.request(method, url, body: body, contentType: "application/json"),
                                timeoutMillis: timeout, mode: .buffered { result = $0 })
        client.start()
        let deadline = loop.now + 5000
        while result == nil && loop.now < deadline { loop.runOnce(maxWait: 20) }
        return (result, String(decoding: server.received, as: UTF8.self))
    }

    @Test func postsAndReadsAChunkedAnswer() throws {
        let answer = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n0\r\n0\r\n\r\n".utf8)
        let (result, request) = try Self.exchange(answer: answer)
        let response = try #require(try result?.get())
        #expect(response.status.code == 200 && response.bodyText == "0")
        #expect(request.hasPrefix("POST /api/v1/clients?x=1 HTTP/1.1\r\nHost: 127.0.0.1:"))
        #expect(request.contains("User-Agent: SRS/5.0.216(Bee)\r\nContent-Length: 7\r\nContent-Type: application/json\r\n"))
        #expect(request.hasSuffix("\r\n\r\n{\"a\":1}"))
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        let started = Clock.monotonicMillis()
        let (result, _) = try Self.exchange(answer: nil, timeout: 300)
        guard case .failure(let error) = try #require(result) else { Issue.record("no timeout"); return }
        #expect("\(error)".contains("timed out after 300ms"))
        #expect(Clock.monotonicMillis() - started < 2000)
    }

    @Test func aRefusedConnectFails() throws {
        let loop = try EventLoop()
        let closed = try Listener(loop: loop, address: SocketAddress(host: "127.0.0.1", port: 0)!) { _, _ in }
        let port = closed.address.port
        closed.close()
        let (result, _) = try Self.exchange(answer: nil, timeout: 2000, port: port)
        guard case .failure(let error) = try #require(result) else { Issue.record("connected to a closed port"); return }
        #expect("\(error)".contains("Connection refused"))
    }

    @Test func aTruncatedAnswerFails() throws {
        let (result, _) = try Self.exchange(answer: Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0".utf8))
        guard case .failure = try #require(result) else { Issue.record("a cut body was accepted"); return }
    }
}
