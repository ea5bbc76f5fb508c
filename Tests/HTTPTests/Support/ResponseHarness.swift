import HTTP
import Testing

/// Everything observable about a parsed response head, comparable with `==`.
struct HeadSummary: Equatable, CustomStringConvertible {
    var version: HTTPVersion
    var code: Int
    var reason: String
    var headers: [String]
    var framing: HTTPBodyFraming

    init(_ head: HTTPClientResponseHead) {
        version = head.version
        code = head.status.code
        reason = head.reason
        headers = head.headers.map { "\($0.name): \($0.value)" }
        framing = head.framing
    }

    var description: String { "\(version) \(code) \(reason) \(headers) \(framing)" }
}

/// A whole response as the events of `HTTPResponseParser` describe it: head, body joined, whether it ended.
struct StreamSummary: Equatable, CustomStringConvertible {
    var head: HeadSummary?
    var body: [UInt8] = []
    var ended = false
    /// Body events seen (never an empty one).
    var bodyEvents = 0

    var description: String { "\(head.map(String.init(describing:)) ?? "no head") body=\(body.count) ended=\(ended)" }
}

/// Feeds `chunks` one after another into a streaming parser, draining events after each, then `finish()`
/// when `eof`; the error if one is thrown.
func stream(chunks: [[UInt8]], eof: Bool = false, method: String = "GET",
            limits: HTTPClientLimits = .default) -> Result<StreamSummary, HTTPClientError> {
    var parser = HTTPResponseParser(requestMethod: method, limits: limits)
    var summary = StreamSummary()
    do throws(HTTPClientError) {
        func drain() throws(HTTPClientError) {
            while let event = try parser.next() {
                switch event {
                case .head(let head):
                    #expect(summary.head == nil, "a second head")
                    summary.head = HeadSummary(head)
                case .body(let bytes):
                    #expect(!bytes.isEmpty && !summary.ended)
                    summary.body += bytes
                    summary.bodyEvents += 1
                case .end:
                    #expect(!summary.ended, "a second end")
                    summary.ended = true
                }
            }
        }
        for chunk in chunks {
            parser.feed(chunk)
            try drain()
        }
        if eof {
            parser.finish()
            try drain()
        }
        return .success(summary)
    } catch {
        return .failure(error)
    }
}

func stream(_ text: String, eof: Bool = false, method: String = "GET",
            limits: HTTPClientLimits = .default) -> Result<StreamSummary, HTTPClientError> {
    stream(chunks: [Array(text.utf8)], eof: eof, method: method, limits: limits)
}

/// Feeds `chunks` into a collector, asking for the response after each (and after `finish()` when `eof`).
func collect(chunks: [[UInt8]], eof: Bool = false, method: String = "GET",
             limits: HTTPClientLimits = .default) -> Result<HTTPClientResponse?, HTTPClientError> {
    var collector = HTTPResponseCollector(requestMethod: method, limits: limits)
    var response: HTTPClientResponse?
    do throws(HTTPClientError) {
        for chunk in chunks {
            collector.feed(chunk)
            if let complete = try collector.response() { response = complete }
        }
        if eof {
            collector.finish()
            if let complete = try collector.response() { response = complete }
        }
        return .success(response)
    } catch {
        return .failure(error)
    }
}

func collect(_ text: String, eof: Bool = false, method: String = "GET",
             limits: HTTPClientLimits = .default) -> Result<HTTPClientResponse?, HTTPClientError> {
    collect(chunks: [Array(text.utf8)], eof: eof, method: method, limits: limits)
}

extension Result where Failure == HTTPClientError {
    /// The error, nil on success.
    var error: HTTPClientError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Well-formed responses covering each framing the parser accepts; `eof` marks those that end at close.
enum ResponseSamples {
    struct Sample {
        var bytes: [UInt8]
        var eof: Bool
        var code: Int
        var body: [UInt8]
        var method = "GET"
    }

    static let body600: [UInt8] = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 11 &+ 5) }

    static let hookReply = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
        + "\r\n{\"code\":0}\n"

    static let chunkedWithExtensionsAndTrailers = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n6 ; quoted=\"a;b\"\r\n world\r\n0;last\r\nX-Trailer: t\r\nChecksum: 1\r\n\r\n"

    static let all: [Sample] = [
        Sample(bytes: Array(hookReply.utf8), eof: false, code: 200, body: Array("{\"code\":0}\n".utf8)),
        Sample(bytes: Array(chunkedWithExtensionsAndTrailers.utf8), eof: false, code: 200,
               body: Array("hello world".utf8)),
        Sample(bytes: Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: y\r\n\r\nHTTP/1.1 201 Created\r\n"
                   .utf8) + Array("Content-Length: 2\r\n\r\nok".utf8), eof: false, code: 201, body: Array("ok".utf8)),
        Sample(bytes: Array("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until close".utf8), eof: true,
               code: 200, body: Array("read until close".utf8)),
        Sample(bytes: Array("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n".utf8), eof: false, code: 204, body: []),
        Sample(bytes: Array("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n".utf8), eof: false,
               code: 304, body: []),
        Sample(bytes: Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".utf8), eof: false, code: 200, body: [],
               method: "HEAD"),
        Sample(bytes: Array("\r\nHTTP/1.1 404\nContent-Length: 0\n\n".utf8), eof: false, code: 404, body: []),
        Sample(bytes: Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n".utf8)
                   + Array("1F4\r\n".utf8) + Array(body600[..<500]) + Array("\r\n64\r\n".utf8) + Array(body600[500...])
                   + Array("\r\n0\r\n\r\n".utf8), eof: false, code: 200, body: body600),
    ]
}
