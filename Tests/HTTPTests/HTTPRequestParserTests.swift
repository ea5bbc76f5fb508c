import HTTP
import Testing

@Suite struct HTTPRequestParserTests {
    @Test func parsesEachSampleIntoItsParts() throws {
        let requests = try parse(chunks: [RequestSamples.pipelined]).get()
        try #require(requests.count == RequestSamples.expectedCount)

        #expect(requests[0].method == "GET")
        #expect(requests[0].path == "/live/livestream.flv")
        #expect(requests[0].version == .http11)
        #expect(requests[0].headers == ["Host: 127.0.0.1:8080", "User-Agent: curl/8.0", "Accept: */*"])
        #expect(requests[0].keepAlive)

        #expect(requests[1].method == "POST")
        #expect(requests[1].rawQuery == "callback=cb&method=DELETE")
        #expect(requests[1].query == ["callback=cb", "method=DELETE"])
        #expect(requests[1].body == Array("{\"code\":0,\"a\"}".utf8))

        #expect(requests[2].path == "/a b/c.m3u8")
        #expect(requests[2].query == ["x=1", "y=A", "flag=", "=v"])
        #expect(requests[2].version == .http10)
        #expect(requests[2].keepAlive)
        #expect(requests[2].headers.last == "X-Spaced: padded value")

        #expect(requests[3].method == "OPTIONS")
        #expect(requests[3].path == "*")

        #expect(requests[4].path == "/live/s.flv")
        #expect(requests[4].keepAlive == false)

        #expect(requests[5].path == "/bare-lf")
        #expect(requests[5].headers == ["Host: lf", "X-Empty: "])

        #expect(requests[6].body == RequestSamples.body600)
        #expect(requests[7].path == "/after-blank-line")
    }

    @Test func splittingTheStreamAtEveryByteOffsetGivesTheSameRequests() throws {
        let bytes = RequestSamples.pipelined
        let whole = try parse(chunks: [bytes]).get()
        for offset in 0...bytes.count {
            let split = try parse(chunks: [Array(bytes[..<offset]), Array(bytes[offset...])]).get()
            #expect(split == whole, "split at \(offset)")
        }
    }

    @Test func oneByteDripGivesTheSameRequests() throws {
        let bytes = RequestSamples.pipelined
        let whole = try parse(chunks: [bytes]).get()
        #expect(try parse(chunks: bytes.map { [$0] }).get() == whole)
    }

    @Test func returnsNilUntilTheBodyIsCompleteAndKeepsTheNextRequestBuffered() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 3)
        parser.feed(Array("deGET /n HTTP/1.1\r\n".utf8))
        let first = try #require(try parser.next())
        #expect(first.body == Array("abcde".utf8))
        #expect(try parser.next() == nil)
        #expect(!parser.isIdle)
        parser.feed(Array("\r\n".utf8))
        #expect(try parser.next()?.path == "/n")
        #expect(parser.isIdle)
    }

    @Test func feedsFromRawBufferPointers() throws {
        var parser = HTTPRequestParser()
        let bytes = Array("GET /raw HTTP/1.1\r\n\r\n".utf8)
        bytes.withUnsafeBytes { parser.feed($0) }
        #expect(try parser.next()?.path == "/raw")
    }

    @Test(arguments: [
        ("HTTP/1.1", nil, true),
        ("HTTP/1.1", "close", false),
        ("HTTP/1.1", "CLOSE", false),
        ("HTTP/1.1", "Keep-Alive", true),
        ("HTTP/1.1", "keep-alive, Close", false),
        ("HTTP/1.1", "closed", true),
        ("HTTP/1.1", "upgrade", true),
        ("HTTP/1.0", nil, false),
        ("HTTP/1.0", "keep-alive", true),
        ("HTTP/1.0", "Keep-Alive, Upgrade", true),
        ("HTTP/1.0", "close", false),
        ("HTTP/1.0", "keep-alive, close", false),
        ("HTTP/1.2", nil, true),
    ] as [(String, String?, Bool)])
    func keepAliveFollowsVersionAndConnectionHeader(version: String, connection: String?, keepAlive: Bool) throws {
        let header = connection.map { "Connection: \($0)\r\n" } ?? ""
        let request = try parseOne("GET / \(version)\r\n\(header)\r\n")
        #expect(request.keepAlive == keepAlive)
    }

    @Test func signalsExpectContinueOnceWhileTheBodyIsAwaited() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST /p HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(try parser.next() == nil)
        let first = parser.takeContinueRequest()
        let second = parser.takeContinueRequest()
        #expect(first && !second)
        parser.feed([0x31, 0x32])
        #expect(try parser.next()?.body == [0x31, 0x32])
        let afterBody = parser.takeContinueRequest()
        #expect(!afterBody)
    }

    @Test func acceptsEqualDuplicateContentLengths() throws {
        let result = parse("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok")
        #expect(try result.get().first?.body == Array("ok".utf8))
    }

    @Test func exposesHostNameWithoutPortAndAbsoluteFormAuthority() throws {
        #expect(try parseOne("GET / HTTP/1.1\r\nHost: Demo.COM:8080\r\n\r\n").hostName == "demo.com")
        #expect(try parseOne("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").hostName == "[::1]")
        let absolute = try parseOne("GET https://v.example/x?q HTTP/1.1\r\nHost: other\r\n\r\n")
        #expect(absolute.hostName == "v.example")
        #expect(absolute.path == "/x")
        #expect(absolute.rawQuery == "q")
        #expect(try parseOne("GET http://v.example HTTP/1.1\r\n\r\n").path == "/")
    }

    @Test func headerLookupIsCaseInsensitiveAndKeepsOrder() throws {
        let request = try parseOne("GET / HTTP/1.1\r\nX-A: 1\r\nx-b: 2\r\nX-a: 3\r\n\r\n")
        #expect(request.headers["x-a"] == "1")
        #expect(request.headers.values(for: "X-A") == ["1", "3"])
        #expect(request.headers.fields.map(\.name) == ["X-A", "x-b", "X-a"])
        #expect(request.headers["missing"] == nil)
    }

    @Test func staysFailedAfterAnErrorAndIgnoresFurtherBytes() {
        var parser = HTTPRequestParser()
        parser.feed(Array("BAD\r\n".utf8))
        #expect(throws: HTTPError.malformedRequestLine("BAD")) { try parser.next() }
        parser.feed(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(throws: HTTPError.malformedRequestLine("BAD")) { try parser.next() }
        #expect(parser.bufferedByteCount == 0)
    }
}
