/// A streaming HTTP/1.1 request parser (RFC 9112): feed bytes as they arrive, in any split, then take
/// complete requests with `next()` until it returns nil. Several pipelined requests may sit in the buffer.
///
/// Bodies are framed by Content-Length only: a chunked request body fails with 411 (Length Required,
/// the client may retry with a length), any other transfer coding with 501. After an error the parser
/// stays failed (`next()` rethrows it): answer `error.status` and close the connection. The parser keeps
/// returning pipelined requests after one with `keepAlive == false`; stopping there is the server's call.
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPLimits

    private enum State {
        case requestLine
        case headers(RequestHead)
        case body(RequestHead, length: Int)
        case failed(HTTPError)
    }

    private var state: State = .requestLine
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte of `buffer`.
    private var start = 0
    /// Index up to which `buffer` has been searched for LF without finding one.
    private var scanned = 0
    private var continuePending = false

    public init(limits: HTTPLimits = .default) {
        self.limits = limits
    }

    /// Appends received bytes (ignored once the parser has failed).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareToAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes (ignored once the parser has failed).
    public mutating func feed(_ bytes: [UInt8]) {
        guard prepareToAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet returned as part of a request.
    public var bufferedByteCount: Int { buffer.count - start }

    /// True between requests with nothing buffered: the connection may be closed without cutting a request.
    public var isIdle: Bool {
        if case .requestLine = state { return start == buffer.count }
        return false
    }

    /// True once when the current request sent `Expect: 100-continue` (RFC 9110 §10.1.1) and its body is
    /// still awaited: the server should then write `HTTPResponseHead.continueBytes`.
    public mutating func takeContinueRequest() -> Bool {
        defer { continuePending = false }
        return continuePending
    }

    /// The next complete request, or nil until more bytes are fed.
    public mutating func next() throws(HTTPError) -> HTTPRequest? {
        do throws(HTTPError) {
            return try step()
        } catch {
            state = .failed(error)
            continuePending = false
            throw error
        }
    }

    private mutating func step() throws(HTTPError) -> HTTPRequest? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .requestLine:
                let tooLong = HTTPError.requestLineTooLong(limit: limits.requestLineBytes)
                // The pending allowance has room for a CR still waiting for its LF.
                guard let (line, _) = try takeLine(pendingLimit: limits.requestLineBytes + 1, error: tooLong) else {
                    return nil
                }
                // RFC 9112 §2.2: empty lines before a request line are ignored (robustness for pipelining).
                if line.isEmpty { continue }
                guard line.count <= limits.requestLineBytes else { throw tooLong }
                state = .headers(try RequestHead(requestLine: buffer[line]))
            case .headers(var head):
                let budget = limits.headerBytes - head.headerBytes
                let tooLarge = HTTPError.headerSectionTooLarge(limit: limits.headerBytes)
                guard let (line, consumed) = try takeLine(pendingLimit: budget, error: tooLarge) else { return nil }
                guard consumed <= budget else { throw tooLarge }
                head.headerBytes += consumed
                if line.isEmpty {
                    let length = try head.finish(limits: limits)
                    guard length > 0 else {
                        state = .requestLine
                        return head.request(body: [])
                    }
                    continuePending = head.expectsContinue
                    state = .body(head, length: length)
                    continue
                }
                guard head.headers.count < limits.headerCount else { throw .tooManyHeaders(limit: limits.headerCount) }
                state = .requestLine // drop the reference held by `state` so `head` is mutated in place
                try head.addHeader(line: buffer[line])
                state = .headers(head)
            case .body(let head, let length):
                guard buffer.count - start >= length else { return nil }
                let body = Array(buffer[start..<(start + length)])
                start += length
                scanned = start
                continuePending = false
                state = .requestLine
                return head.request(body: body)
            }
        }
    }

    /// Takes the next line (without its CRLF or bare LF) and the bytes it consumed, or nil when no LF has
    /// arrived yet; throws `error` when the unfinished line already exceeds `pendingLimit`.
    private mutating func takeLine(pendingLimit: Int, error: HTTPError) throws(HTTPError) -> (Range<Int>, Int)? {
        let end = buffer.count
        let from = Swift.max(scanned, start)
        let newline: Int? = buffer.withUnsafeBufferPointer { bytes in
            var index = from
            while index < end {
                if bytes[index] == HTTPSyntax.lf { return index }
                index += 1
            }
            return nil
        }
        guard let newline else {
            scanned = end
            if end - start > pendingLimit { throw error }
            return nil
        }
        var lineEnd = newline
        if lineEnd > start && buffer[lineEnd - 1] == HTTPSyntax.cr { lineEnd -= 1 }
        let line = start..<lineEnd
        let consumed = newline + 1 - start
        if buffer[line].contains(HTTPSyntax.cr) { throw .bareCarriageReturn }
        start = newline + 1
        scanned = start
        return (line, consumed)
    }

    /// Drops consumed bytes when that is cheap (amortised O(1)); false once failed.
    private mutating func prepareToAppend() -> Bool {
        if case .failed = state { return false }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
            scanned = 0
        } else if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        return true
    }
}
