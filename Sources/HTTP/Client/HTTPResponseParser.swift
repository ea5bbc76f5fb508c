/// An incremental HTTP/1.1 response parser (RFC 9112), sans IO: feed bytes as they arrive, in any split, and
/// take events with `next()` until it returns nil; call `finish()` when the connection reaches EOF.
///
/// Events come in order: `.head` (interim 1xx responses skipped), `.body` pieces as they arrive with chunked
/// framing removed, then `.end`. Body bytes are handed out as soon as they are fed, so a never-ending
/// HTTP-FLV body streams through in bounded memory; after `next()` returns nil, the parser holds at most
/// an unfinished line. For a small response read whole, wrap it in `HTTPResponseCollector`.
///
/// After an error the parser stays failed (`next()` rethrows it). Bytes after the end of the response are
/// ignored: the client sends one request per connection.
public struct HTTPResponseParser: Sendable {
    public let limits: HTTPClientLimits
    /// A response to HEAD has no body whatever its headers say (RFC 9112 §6.3 rule 1).
    public let isResponseToHead: Bool

    private enum State {
        /// Awaiting a status line; `consumed` counts empty lines skipped before it.
        case statusLine(consumed: Int)
        case headers(ResponseHeadBuilder)
        case fixedBody(length: Int, remaining: Int)
        case untilClose
        case chunkHeader
        case chunkData(remaining: Int)
        /// Awaiting the CRLF after a chunk's data.
        case chunkDataEnd
        case trailers(consumed: Int)
        /// The body is complete; `.end` is still to be returned.
        case ending
        case done
        case failed(HTTPClientError)
    }

    private var state: State = .statusLine(consumed: 0)
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte of `buffer`.
    private var start = 0
    /// Index up to which `buffer` has been searched for LF without finding one.
    private var scanned = 0
    /// Body bytes handed out so far (for truncation errors).
    private var bodyReceived = 0
    private var closed = false

    /// `requestMethod` is the method of the request this response answers (only HEAD changes parsing).
    public init(requestMethod: String = "GET", limits: HTTPClientLimits = .default) {
        self.limits = limits
        isResponseToHead = requestMethod == "HEAD"
    }

    /// Appends received bytes (ignored after EOF, the end of the response, or an error).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareToAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes (ignored after EOF, the end of the response, or an error).
    public mutating func feed(_ bytes: [UInt8]) {
        guard prepareToAppend() else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Signals EOF: the server closed the connection. A body read until close then ends; anywhere else the
    /// next `next()` that runs out of bytes throws `truncatedHead` or `truncatedBody`.
    public mutating func finish() { closed = true }

    /// Bytes received but not yet handed out.
    public var bufferedByteCount: Int { buffer.count - start }

    /// True once `.end` has been returned.
    public var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// The next event, or nil until more bytes are fed (or forever after `.end`).
    public mutating func next() throws(HTTPClientError) -> HTTPResponseEvent? {
        do throws(HTTPClientError) {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            start = 0
            scanned = 0
            throw error
        }
    }

    private mutating func step() throws(HTTPClientError) -> HTTPResponseEvent? {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .done:
                return nil
            case .ending:
                state = .done
                return .end
            case .statusLine(let consumed):
                let budget = limits.headBytes - consumed
                let tooLarge = HTTPClientError.headTooLarge(limit: limits.headBytes)
                guard let (line, used) = try takeLine(pendingLimit: budget, tooLong: tooLarge, part: .statusLine) else {
                    if closed { throw .truncatedHead(received: consumed + bufferedByteCount) }
                    return nil
                }
                guard used <= budget else { throw tooLarge }
                // Tolerate empty lines before the status line, as for requests (RFC 9112 §2.2).
                if line.isEmpty {
                    state = .statusLine(consumed: consumed + used)
                    continue
                }
                state = .headers(try ResponseHeadBuilder(statusLine: buffer[line], consumed: consumed + used))
            case .headers(var builder):
                let budget = limits.headBytes - builder.headBytes
                let tooLarge = HTTPClientError.headTooLarge(limit: limits.headBytes)
                guard let (line, used) = try takeLine(pendingLimit: budget, tooLong: tooLarge,
                                                      part: .headerSection) else {
                    if closed { throw .truncatedHead(received: builder.headBytes + bufferedByteCount) }
                    return nil
                }
                guard used <= budget else { throw tooLarge }
                builder.headBytes += used
                if line.isEmpty {
                    if try builder.isInterim() {
                        state = .statusLine(consumed: 0)
                        continue
                    }
                    let framing = try builder.framing(isResponseToHead: isResponseToHead)
                    switch framing {
                    case .noBody, .contentLength(0): state = .ending
                    case .contentLength(let length): state = .fixedBody(length: length, remaining: length)
                    case .chunked: state = .chunkHeader
                    case .untilClose: state = .untilClose
                    }
                    return .head(builder.head(framing: framing))
                }
                guard builder.headers.count < limits.headerCount else {
                    throw .tooManyHeaders(limit: limits.headerCount)
                }
                state = .done // drop the reference held by `state` so `builder` is mutated in place
                try builder.addHeader(line: buffer[line])
                state = .headers(builder)
            case .fixedBody(let length, let remaining):
                guard let bytes = takeBody(upTo: remaining) else {
                    if closed { throw .truncatedBody(part: .body, received: bodyReceived, expected: length) }
                    return nil
                }
                let left = remaining - bytes.count
                state = left == 0 ? .ending : .fixedBody(length: length, remaining: left)
                return .body(bytes)
            case .untilClose:
                guard let bytes = takeBody(upTo: Int.max) else {
                    if closed { state = .ending; continue }
                    return nil
                }
                return .body(bytes)
            case .chunkHeader:
                let tooLong = HTTPClientError.chunkHeaderTooLong(limit: limits.chunkHeaderBytes)
                guard let (line, used) = try takeLine(pendingLimit: limits.chunkHeaderBytes, tooLong: tooLong,
                                                      part: .chunkHeader) else {
                    if closed { throw .truncatedBody(part: .chunkHeader, received: bodyReceived, expected: nil) }
                    return nil
                }
                guard used <= limits.chunkHeaderBytes else { throw tooLong }
                let size = try HTTPResponseParser.chunkSize(buffer[line])
                state = size == 0 ? .trailers(consumed: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard let bytes = takeBody(upTo: remaining) else {
                    if closed { throw .truncatedBody(part: .chunkData, received: bodyReceived, expected: nil) }
                    return nil
                }
                state = remaining == bytes.count ? .chunkDataEnd : .chunkData(remaining: remaining - bytes.count)
                return .body(bytes)
            case .chunkDataEnd:
                guard try takeChunkDataEnd() else {
                    if closed { throw .truncatedBody(part: .chunkData, received: bodyReceived, expected: nil) }
                    return nil
                }
                state = .chunkHeader
            case .trailers(let consumed):
                // Trailer fields are read for framing only and ignored (RFC 9112 §7.1.2 allows discarding).
                let budget = limits.trailerBytes - consumed
                let tooLarge = HTTPClientError.trailerSectionTooLarge(limit: limits.trailerBytes)
                guard let (line, used) = try takeLine(pendingLimit: budget, tooLong: tooLarge,
                                                      part: .trailerSection) else {
                    if closed { throw .truncatedBody(part: .trailerSection, received: bodyReceived, expected: nil) }
                    return nil
                }
                guard used <= budget else { throw tooLarge }
                state = line.isEmpty ? .ending : .trailers(consumed: consumed + used)
            }
        }
    }

    /// Takes the next line (without its CRLF or bare LF) and the bytes it consumed, or nil when no LF has
    /// arrived yet; throws `tooLong` when the unfinished line already exceeds `pendingLimit`, and
    /// `bareCarriageReturn(part)` for a CR inside the line.
    private mutating func takeLine(pendingLimit: Int, tooLong: HTTPClientError,
                           part: HTTPClientError.Part) throws(HTTPClientError) -> (Range<Int>, Int)? {
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
            if end - start > pendingLimit { throw tooLong }
            return nil
        }
        var lineEnd = newline
        if lineEnd > start && buffer[lineEnd - 1] == HTTPSyntax.cr { lineEnd -= 1 }
        let line = start..<lineEnd
        let consumed = newline + 1 - start
        if buffer[line].contains(HTTPSyntax.cr) { throw .bareCarriageReturn(part) }
        start = newline + 1
        scanned = start
        return (line, consumed)
    }

    /// Up to `limit` buffered body bytes, or nil when none are buffered.
    private mutating func takeBody(upTo limit: Int) -> [UInt8]? {
        let count = Swift.min(limit, buffer.count - start)
        guard count > 0 else { return nil }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        scanned = start
        bodyReceived += count
        return bytes
    }

    /// Consumes the CRLF (or bare LF) after chunk data: false until it has arrived, an error for anything else.
    private mutating func takeChunkDataEnd() throws(HTTPClientError) -> Bool {
        let available = buffer.count - start
        guard available > 0 else { return false }
        if buffer[start] == HTTPSyntax.lf {
            start += 1
        } else {
            guard buffer[start] == HTTPSyntax.cr else { throw .missingCRLFAfterChunkData }
            guard available > 1 else { return false }
            guard buffer[start + 1] == HTTPSyntax.lf else { throw .missingCRLFAfterChunkData }
            start += 2
        }
        scanned = start
        return true
    }

    /// Drops consumed bytes when that is cheap (amortised O(1)); false when new bytes are to be ignored.
    private mutating func prepareToAppend() -> Bool {
        switch state {
        case .failed, .done: return false
        case .statusLine, .headers, .fixedBody, .untilClose, .chunkHeader, .chunkData, .chunkDataEnd, .trailers,
             .ending:
            break
        }
        if closed { return false }
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
