/// Reads a small response whole (hook replies, `/api/v1/clusters` JSON): an `HTTPResponseParser` whose body
/// pieces are gathered, up to `HTTPClientLimits.bodyBytes`.
///
/// Feed bytes as they arrive and call `finish()` at EOF; `response()` returns the complete response once,
/// then nil. A Content-Length over the limit fails as soon as the head arrives, a chunked or until-close
/// body as soon as it grows past it. After an error the collector stays failed.
public struct HTTPResponseCollector: Sendable {
    private var parser: HTTPResponseParser
    private var head: HTTPClientResponseHead?
    private var body: [UInt8] = []
    private var failure: HTTPClientError?

    public init(requestMethod: String = "GET", limits: HTTPClientLimits = .default) {
        parser = HTTPResponseParser(requestMethod: requestMethod, limits: limits)
    }

    public var limits: HTTPClientLimits { parser.limits }

    /// Appends received bytes.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) { parser.feed(bytes) }

    /// Appends received bytes.
    public mutating func feed(_ bytes: [UInt8]) { parser.feed(bytes) }

    /// Signals EOF (see `HTTPResponseParser.finish()`).
    public mutating func finish() { parser.finish() }

    /// The complete response, or nil until it has fully arrived (and after it was returned once).
    public mutating func response() throws(HTTPClientError) -> HTTPClientResponse? {
        if let failure { throw failure }
        do throws(HTTPClientError) {
            return try collect()
        } catch {
            failure = error
            body = []
            throw error
        }
    }

    private mutating func collect() throws(HTTPClientError) -> HTTPClientResponse? {
        let limit = parser.limits.bodyBytes
        while let event = try parser.next() {
            switch event {
            case .head(let received):
                if case .contentLength(let length) = received.framing {
                    guard length <= limit else { throw .bodyTooLarge(length: length, limit: limit) }
                    body.reserveCapacity(length)
                }
                head = received
            case .body(let bytes):
                guard body.count + bytes.count <= limit else {
                    throw .bodyTooLarge(length: body.count + bytes.count, limit: limit)
                }
                body.append(contentsOf: bytes)
            case .end:
                // The parser returns `.head` before `.end`, and `.end` once.
                guard let head else { return nil }
                defer { body = [] }
                return HTTPClientResponse(head: head, body: body)
            }
        }
        return nil
    }
}
