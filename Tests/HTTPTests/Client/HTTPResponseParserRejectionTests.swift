import HTTP
import Testing

@Suite struct HTTPResponseParserRejectionTests {
    private let small = HTTPClientLimits(headBytes: 64, headerCount: 3, chunkHeaderBytes: 16, trailerBytes: 24,
                                         bodyBytes: 10)

    @Test(arguments: [
        ("HTTP/1.1\r\n\r\n", HTTPClientError.malformedStatusLine("HTTP/1.1")),
        ("ICY 200 OK\r\n\r\n", .malformedStatusLine("ICY 200 OK")),
        ("http/1.1 200 OK\r\n\r\n", .malformedStatusLine("http/1.1 200 OK")),
        ("HTTP/1.1  200 OK\r\n\r\n", .invalidStatusCode("")),
        ("HTTP/2 200\r\n\r\n", .malformedStatusLine("HTTP/2 200")),
        ("HTTP/2.0 200 OK\r\n\r\n", .unsupportedVersion("HTTP/2.0")),
        ("HTTP/0.9 200 OK\r\n\r\n", .unsupportedVersion("HTTP/0.9")),
        ("HTTP/1.1 20 OK\r\n\r\n", .invalidStatusCode("20")),
        ("HTTP/1.1 2000 OK\r\n\r\n", .invalidStatusCode("2000")),
        ("HTTP/1.1 099 Low\r\n\r\n", .invalidStatusCode("099")),
        ("HTTP/1.1 600 High\r\n\r\n", .invalidStatusCode("600")),
        ("HTTP/1.1 2x0 OK\r\n\r\n", .invalidStatusCode("2x0")),
        ("HTTP/1.1 200OK\r\n\r\n", .invalidStatusCode("200OK")),
        ("HTTP/1.1 200 O\u{1}K\r\n\r\n", .malformedStatusLine("HTTP/1.1 200 O\u{1}K")),
        ("HTTP/1.1 200 O\rK\r\n\r\n", .bareCarriageReturn(.statusLine)),
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", .unexpectedSwitchingProtocols),
        ("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", .invalidHeaderName("NoColon")),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", .invalidHeaderName("Bad Name: x")),
        ("HTTP/1.1 200 OK\r\nName : x\r\n\r\n", .invalidHeaderName("Name : x")),
        ("HTTP/1.1 200 OK\r\n: x\r\n\r\n", .invalidHeaderName(": x")),
        ("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", .obsoleteLineFolding),
        ("HTTP/1.1 200 OK\r\nX: a\u{0}b\r\n\r\n", .invalidHeaderValue(name: "X")),
        ("HTTP/1.1 200 OK\r\nX: a\u{1B}b\r\n\r\n", .invalidHeaderValue(name: "X")),
        ("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", .bareCarriageReturn(.headerSection)),
    ])
    func malformedHeadsAreRejectedNamingTheirPart(text: String, error: HTTPClientError) {
        #expect(stream(text).error == error, "\(text.debugDescription)")
        #expect(collect(text).error == error)
    }

    @Test(arguments: [
        ("abc", "abc"), ("-1", "-1"), ("+5", "+5"), ("", ""), ("0x10", "0x10"), ("1 2", "1 2"), ("1, 2", "1, 2"),
        ("99999999999999999999999", "99999999999999999999999"), ("9223372036854775807", "9223372036854775807"),
    ])
    func invalidContentLengthsAreRejected(value: String, reported: String) {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: \(value)\r\n\r\n"
        #expect(stream(text).error == .invalidContentLength(reported))
    }

    @Test func conflictingDuplicateContentLengthsAreRejected() {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"
        #expect(stream(text).error == .invalidContentLength("1, 2"))
    }

    @Test(arguments: [
        ("Transfer-Encoding: chunked\r\nContent-Length: 5", HTTPClientError.transferEncodingWithContentLength),
        ("Transfer-Encoding: gzip", .unsupportedTransferEncoding("gzip")),
        ("Transfer-Encoding: gzip, chunked", .unsupportedTransferEncoding("gzip, chunked")),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", .unsupportedTransferEncoding("chunked, chunked")),
        ("Transfer-Encoding: identity", .unsupportedTransferEncoding("identity")),
    ])
    func unsupportedOrAmbiguousFramingIsRejected(headers: String, error: HTTPClientError) {
        #expect(stream("HTTP/1.1 200 OK\r\n\(headers)\r\n\r\n").error == error)
    }

    @Test(arguments: [
        ("zz\r\n", HTTPClientError.invalidChunkSize("zz")),
        ("\r\n", .invalidChunkSize("")),
        ("5x\r\n", .invalidChunkSize("5x")),
        ("-1\r\n", .invalidChunkSize("-1")),
        ("0x5\r\n", .invalidChunkSize("0x5")),
        (" 5\r\n", .invalidChunkSize(" 5")),
        ("5 x\r\n", .invalidChunkSize("5 x")),
        ("5;a\u{1}\r\n", .invalidChunkSize("5;a\u{1}")),
        ("8000000000000000\r\n", .invalidChunkSize("8000000000000000")),
        ("fffffffffffffffff\r\n", .invalidChunkSize("fffffffffffffffff")),
        ("5\r\nhelloX\r\n", .missingCRLFAfterChunkData),
        ("5\r\nhello\rX", .missingCRLFAfterChunkData),
        ("5\r\nhello\r\n0\r\nBad\rTrailer\r\n\r\n", .bareCarriageReturn(.trailerSection)),
        ("5\r\r\n", .bareCarriageReturn(.chunkHeader)),
    ])
    func malformedChunksAreRejected(body: String, error: HTTPClientError) {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body
        #expect(stream(text).error == error, "\(body.debugDescription)")
    }

    @Test func aChunkSizeUpToIntMaxIsAccepted() throws {
        let summary = try stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc").get()
        #expect(summary.body == Array("abc".utf8))
    }

    @Test func headOverTheLimitIsRejectedCompleteOrNot() {
        let big = "X: " + String(repeating: "v", count: 60)
        #expect(stream("HTTP/1.1 200 OK\r\n\(big)\r\n\r\n", limits: small).error == .headTooLarge(limit: 64))
        #expect(stream("HTTP/1.1 200 OK\r\n\(big)", limits: small).error == .headTooLarge(limit: 64))
        #expect(stream("HTTP/1.1 200 " + String(repeating: "r", count: 70), limits: small).error == .headTooLarge(limit: 64))
        #expect(stream(String(repeating: "\r\n", count: 40), limits: small).error == .headTooLarge(limit: 64))
        // Exactly 64 bytes with the final empty line is accepted.
        let exact = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX: " + String(repeating: "v", count: 21) + "\r\n\r\n"
        #expect(exact.utf8.count == 64)
        #expect(stream(exact, limits: small).error == nil)
        #expect(stream("HTTP/1.1 200 OK\r\nX: " + String(repeating: "y", count: 17_000) + "\r\n\r\n").error
            == .headTooLarge(limit: 16_384))
    }

    @Test func eachInterimResponseHasItsOwnHeadBudget() {
        let interim = "HTTP/1.1 100 Continue\r\nX: " + String(repeating: "v", count: 30) + "\r\n\r\n"
        let text = interim + interim + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        #expect(stream(text, limits: small).error == nil)
    }

    @Test func tooManyHeadersAreRejected() {
        #expect(stream("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: small).error == nil)
        #expect(stream("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits: small).error
            == .tooManyHeaders(limit: 3))
    }

    @Test func chunkHeadersAndTrailersOverTheirLimitsAreRejected() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(stream(head + "5;abcdefghijkl\r\nhello\r\n", limits: small).error == nil)
        #expect(stream(head + "5;abcdefghijklm\r\nhello\r\n", limits: small).error == .chunkHeaderTooLong(limit: 16))
        #expect(stream(head + "5;" + String(repeating: "e", count: 20), limits: small).error
            == .chunkHeaderTooLong(limit: 16))
        #expect(stream(head + "0\r\nT: 12345678901234567\r\n\r\n", limits: small).error == nil)
        #expect(stream(head + "0\r\nT: 123456789012345678\r\n\r\n", limits: small).error
            == .trailerSectionTooLarge(limit: 24))
        #expect(stream(head + "0\r\n" + String(repeating: "T: 1\r\n", count: 10), limits: small).error
            == .trailerSectionTooLarge(limit: 24))
    }

    @Test func theCollectorRejectsBodiesOverItsLimit() {
        #expect(collect("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", limits: small).error == nil)
        // An announced length fails with the head, before any body byte.
        #expect(collect("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", limits: small).error
            == .bodyTooLarge(length: 11, limit: 10))
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n67890\r\n0\r\n\r\n"
        #expect(collect(chunked, limits: small).error == .bodyTooLarge(length: 11, limit: 10))
        #expect(collect("HTTP/1.1 200 OK\r\n\r\n01234567890", limits: small).error == .bodyTooLarge(length: 11, limit: 10))
        // The streaming parser has no body limit.
        #expect(stream("HTTP/1.1 200 OK\r\n\r\n01234567890", limits: small).error == nil)
    }

    @Test func eofBeforeAnyByteOrInsideTheHeadIsATruncatedHead() {
        #expect(stream(chunks: [], eof: true).error == .truncatedHead(received: 0))
        #expect(collect(chunks: [], eof: true).error == .truncatedHead(received: 0))
        let text = Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n".utf8)
        for cut in 0..<text.count {
            #expect(stream(chunks: [Array(text[..<cut])], eof: true).error == .truncatedHead(received: cut), "cut \(cut)")
        }
    }

    @Test func eofInsideAContentLengthBodyReportsHowMuchArrived() {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
        for received in 0..<5 {
            let text = head + String(repeating: "b", count: received)
            #expect(stream(text, eof: true).error == .truncatedBody(part: .body, received: received, expected: 5))
        }
        #expect(stream(head + "bbbbb", eof: true).error == nil)
    }

    @Test func everyTruncationOfAChunkedBodyThrowsAtEOFNamingThePart() throws {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        let body = Array("5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n".utf8)
        let parts: [HTTPClientError.Part] = [.chunkHeader, .chunkHeader, .chunkHeader, .chunkHeader, .chunkHeader,
                                             .chunkHeader, .chunkHeader, .chunkData, .chunkData, .chunkData,
                                             .chunkData, .chunkData, .chunkData, .chunkData, .chunkHeader,
                                             .chunkHeader, .chunkHeader, .trailerSection, .trailerSection,
                                             .trailerSection, .trailerSection, .trailerSection, .trailerSection,
                                             .trailerSection, .trailerSection]
        try #require(parts.count == body.count)
        for cut in 0..<body.count {
            let received = min(max(cut - 7, 0), 5)
            let result = stream(chunks: [Array(head.utf8) + Array(body[..<cut])], eof: true)
            #expect(result.error == .truncatedBody(part: parts[cut], received: received, expected: nil), "cut \(cut)")
        }
        #expect(try stream(chunks: [Array(head.utf8) + body], eof: true).get().body == Array("hello".utf8))
    }

    @Test func staysFailedAndIgnoresFurtherBytes() {
        var parser = HTTPResponseParser()
        parser.feed(Array("BAD\r\n".utf8))
        #expect(throws: HTTPClientError.malformedStatusLine("BAD")) { try parser.next() }
        parser.feed(Array(ResponseSamples.hookReply.utf8))
        #expect(throws: HTTPClientError.malformedStatusLine("BAD")) { try parser.next() }
        #expect(parser.bufferedByteCount == 0)
        var collector = HTTPResponseCollector(limits: small)
        collector.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n".utf8))
        #expect(throws: HTTPClientError.bodyTooLarge(length: 11, limit: 10)) { try collector.response() }
        #expect(throws: HTTPClientError.bodyTooLarge(length: 11, limit: 10)) { try collector.response() }
    }

    @Test func errorsDescribeTheProblemAndWhere() {
        #expect(HTTPClientError.malformedStatusLine("ICY\u{1B}").description == "http client: malformed status line 'ICY\\x1b'")
        #expect(HTTPClientError.bareCarriageReturn(.chunkHeader).description
            == "http client: bare CR or control character in the chunk header")
        #expect(HTTPClientError.truncatedBody(part: .body, received: 3, expected: 5).description
            == "http client: connection closed in the body after 3 of 5 body bytes")
        #expect(HTTPClientError.truncatedBody(part: .chunkData, received: 3, expected: nil).description
            == "http client: connection closed in the chunk data after 3 body bytes")
        #expect(HTTPClientError.truncatedHead(received: 0).description == "http client: connection closed before any response")
        #expect(HTTPClientError.invalidURL("x", reason: "no scheme").description == "http client: invalid URL 'x': no scheme")
        #expect(HTTPClientError.bodyTooLarge(length: 11, limit: 10).wrapped("hook on_publish").description
            == "hook on_publish: http client: response body of 11 bytes exceeds limit 10")
    }
}
