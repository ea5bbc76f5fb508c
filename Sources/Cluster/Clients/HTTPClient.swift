import Core
import HTTP
import IO

/// What a streaming HTTP request (an HTTP-FLV pull) tells its owner, on the loop.
public protocol HTTPClientStreamDelegate: AnyObject {
    /// The final response head (interim 1xx skipped). Redirects are the owner's to follow.
    func httpClient(_ client: HTTPClient, didReceive head: HTTPClientResponseHead)
    /// Body bytes as they arrive, de-chunked.
    func httpClient(_ client: HTTPClient, didReceiveBody bytes: [UInt8])
    /// The exchange ended: nil after a complete body, else why.
    func httpClient(_ client: HTTPClient, didEndWith error: (any Error)?)
}

/// One HTTP/1.1 exchange on the loop (hooks, coworker lookups, HTTP-FLV pulls): resolve, connect,
/// write the request, parse the response with the pure `HTTPResponseParser`. One connection per
/// request (`Connection: Close`), so no connection state outlives the exchange. Never blocks: a
/// slow or dead server costs a timer, and only the request that asked waits.
public final class HTTPClient: ConnectionDelegate {
    public enum Mode {
        /// The whole response (bounded by `HTTPClientLimits.bodyBytes`), or why there is none.
        case buffered((Result<HTTPClientResponse, any Error>) -> Void)
        case streaming(HTTPClientStreamDelegate)
    }

    public let url: HTTPURL
    public let request: HTTPClientRequest
    private unowned let loop: EventLoop
    private let timeoutMillis: Int64
    private var mode: Mode?
    private var parser: HTTPResponseParser
    private let dialer: Dialer
    private var connection: Connection?
    private var timer: Timer?
    private var lastReadAt: Int64
    private var head: HTTPClientResponseHead?
    private var body: [UInt8] = []
    private var streamingHeadSeen = false

    /// `timeoutMillis` bounds a buffered exchange as a whole, and a streaming one until its head and
    /// then between two reads.
    public init(loop: EventLoop, resolver: Resolver, url: HTTPURL, request: HTTPClientRequest, timeoutMillis: Int64,
                limits: HTTPClientLimits = .default, mode: Mode) {
        self.loop = loop
        self.url = url
        self.request = request
        self.timeoutMillis = timeoutMillis
        self.mode = mode
        parser = HTTPResponseParser(requestMethod: request.method, limits: limits)
        dialer = Dialer(loop: loop, resolver: resolver)
        lastReadAt = loop.now
    }

    /// A request with SRS's User-Agent to `url` (a POST carries `body`).
    public static func request(_ method: String, _ url: HTTPURL, body: [UInt8] = [], contentType: String? = nil) -> HTTPClientRequest {
        HTTPClientRequest(method: method, url: url, userAgent: ServerVersion.signature, contentType: contentType, body: body)
    }

    public var bytesReceived: UInt64 { connection?.bytesReceived ?? 0 }
    public var endpoint: String { "\(url.host):\(url.port)" }

    public func start() {
        let started = loop.now
        timer = loop.scheduleRepeating(every: 100) { [weak self] in
            guard let self else { return }
            let now = self.loop.now
            let streaming = self.streamingHeadSeen
            if (!streaming && now - started > self.timeoutMillis) || (streaming && now - self.lastReadAt > self.timeoutMillis) {
                self.end(ConnectError.timeout(address: "http \(self.request.method) \(self.url)", millis: self.timeoutMillis))
            }
        }
        guard url.scheme == .http else {
            loop.deferToIterationEnd { [weak self] in self?.end(HTTPExchangeError.noTLS(self?.url.description ?? "https")) }
            return
        }
        dialer.dial(host: url.socketHost, port: url.port, timeoutMillis: timeoutMillis) { [weak self] result in
            switch result {
            case .failure(let error): self?.end(error)
            case .success(let connection): self?.connected(connection)
            }
        }
    }

    /// Gives up without calling back.
    public func cancel() {
        mode = nil
        teardown()
    }

    private func connected(_ connection: Connection) {
        self.connection = connection
        connection.delegate = self
        connection.enqueueCopy(request.serialized())
        do {
            try connection.flush()
        } catch {
            end(error)
        }
    }

    // MARK: ConnectionDelegate

    public func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastReadAt = loop.now
        parser.feed(bytes)
        drain()
    }

    public func connectionDidDrain(_ connection: Connection) {}

    public func connection(_ connection: Connection, didCloseWith error: (any Error)?) {
        self.connection = nil
        if let error {
            end(error)
            return
        }
        parser.finish()
        drain()
        if mode != nil { end(HTTPExchangeError.closedEarly(endpoint)) }
    }

    private func drain() {
        do {
            while mode != nil, let event = try parser.next() {
                switch event {
                case .head(let received):
                    head = received
                    if case .streaming(let delegate) = mode {
                        streamingHeadSeen = true
                        delegate.httpClient(self, didReceive: received)
                    }
                case .body(let bytes):
                    switch mode {
                    case .streaming(let delegate): delegate.httpClient(self, didReceiveBody: bytes)
                    case .buffered: body.append(contentsOf: bytes)
                    case nil: return
                    }
                case .end:
                    end(nil)
                    return
                }
            }
        } catch {
            end(error)
        }
    }

    private func end(_ error: (any Error)?) {
        guard let mode else { return }
        self.mode = nil
        teardown()
        switch mode {
        case .buffered(let completion):
            if let error {
                completion(.failure(error))
            } else if let head {
                completion(.success(HTTPClientResponse(head: head, body: body)))
            } else {
                completion(.failure(HTTPExchangeError.closedEarly(endpoint)))
            }
        case .streaming(let delegate):
            delegate.httpClient(self, didEndWith: error)
        }
    }

    private func teardown() {
        loop.cancel(timer)
        timer = nil
        dialer.cancel()
        connection?.hangUp()
        connection = nil
    }
}

/// Why an HTTP exchange ended without a response (parse errors are `HTTPClientError`s).
public enum HTTPExchangeError: Error, CustomStringConvertible, SRSCoded {
    case closedEarly(String)
    case noTLS(String)

    public var description: String {
        switch self {
        case .closedEarly(let endpoint): return "http client: \(endpoint) closed before the response ended"
        case .noTLS(let url): return "http client: https is not supported for outgoing requests yet (\(url))"
        }
    }

    public var srsCode: Int { SRSErrorCode.httpStatusInvalid }
}
