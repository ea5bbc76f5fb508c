import Core
import HTTP
import Testing

@Suite struct HTTPClientRequestTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func serializesAGetForAURL() throws {
        let url = try HTTPURL(parsing: "http://127.0.0.1:1985/api/v1/clusters?vhost=v&app=live")
        let request = HTTPClientRequest(url: url, userAgent: ServerVersion.signature)
        #expect(text(request.serialized()) == "GET /api/v1/clusters?vhost=v&app=live HTTP/1.1\r\nHost: 127.0.0.1:1985\r\n"
            + "User-Agent: SRS/5.0.216(Bee)\r\nConnection: Close\r\nAccept: */*\r\n\r\n")
    }

    @Test func serializesAHookPostWithItsJSONBody() throws {
        let body = Array("{\"action\":\"on_publish\"}".utf8)
        let url = try HTTPURL(parsing: "http://hooks.local/api/v1/streams")
        let request = HTTPClientRequest(method: "POST", url: url, userAgent: ServerVersion.signature,
                                        contentType: "application/json", body: body)
        #expect(text(request.serialized()) == "POST /api/v1/streams HTTP/1.1\r\nHost: hooks.local\r\n"
            + "User-Agent: SRS/5.0.216(Bee)\r\nContent-Length: 23\r\nContent-Type: application/json\r\n"
            + "Connection: Close\r\nAccept: */*\r\n\r\n{\"action\":\"on_publish\"}")
    }

    @Test func anEmptyPostSendsContentLengthZeroAndAGetWithABodySendsItsLength() {
        let post = HTTPClientRequest(method: "POST", target: "/api/v1/clusters?x", host: "h", userAgent: "ua")
        #expect(post.allHeaders["Content-Length"] == "0")
        #expect(text(post.serialized()).hasSuffix("\r\n\r\n"))
        let get = HTTPClientRequest(target: "/", host: "h", userAgent: "ua")
        #expect(get.allHeaders["Content-Length"] == nil)
        let getWithBody = HTTPClientRequest(target: "/", host: "h", userAgent: "ua", body: [1, 2, 3])
        #expect(getWithBody.allHeaders["Content-Length"] == "3")
        #expect(HTTPClientRequest(method: "PUT", target: "/", host: "h", userAgent: "ua").sendsContentLength)
    }

    @Test(arguments: [false, true])
    func roundTripsThroughTheRequestParser(keepAlive: Bool) throws {
        let body: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
        let request = HTTPClientRequest(method: "POST", target: "/api/v1/hooks?a=1&b=%20", host: "[::1]:8085",
                                        userAgent: ServerVersion.signature, contentType: "application/json",
                                        headers: HTTPHeaders([("X-Request-ID", "42")]), body: body, keepAlive: keepAlive)
        var parser = HTTPRequestParser()
        parser.feed(request.serialized())
        let parsed = try #require(try parser.next())
        #expect(parsed.method == "POST")
        #expect(parsed.target == "/api/v1/hooks?a=1&b=%20")
        #expect(parsed.path == "/api/v1/hooks")
        #expect(parsed.queryValue("b") == " ")
        #expect(parsed.hostName == "[::1]")
        #expect(parsed.headers.map(\.name) == ["Host", "User-Agent", "Content-Length", "Content-Type", "Connection",
                                               "Accept", "X-Request-ID"])
        #expect(parsed.headers["User-Agent"] == "SRS/5.0.216(Bee)")
        #expect(parsed.body == body)
        #expect(parsed.keepAlive == keepAlive)
        #expect(parser.isIdle)
    }

    @Test func extraHeadersReplaceDefaultsInPlaceButNeverTheFraming() {
        let headers = HTTPHeaders([("Accept", "application/json"), ("X-A", "1"), ("Content-Length", "999"),
                                   ("host", "evil"), ("Transfer-Encoding", "chunked"), ("connection", "Keep-Alive"),
                                   ("X-A", "2")])
        let request = HTTPClientRequest(method: "POST", target: "/", host: "h", userAgent: "ua", headers: headers,
                                        body: [0x7B, 0x7D])
        #expect(request.allHeaders.map { "\($0.name): \($0.value)" } == [
            "Host: h", "User-Agent: ua", "Content-Length: 2", "Connection: Keep-Alive", "Accept: application/json",
            "X-A: 1", "X-A: 2",
        ])
    }

    @Test func neutralisesLineBreaksInHeadersAndEncodesTheTarget() throws {
        let request = HTTPClientRequest(target: "/a b/\u{e9}?q=\r\nX: y", host: "h\r\nEvil: 1",
                                        userAgent: "ua\u{0}", headers: HTTPHeaders([("X-Note", "a\nb")]))
        let bytes = request.serialized()
        #expect(text(bytes).hasPrefix("GET /a%20b/%C3%A9?q=%0D%0AX:%20y HTTP/1.1\r\nHost: h  Evil: 1\r\nUser-Agent: ua \r\n"))
        #expect(text(bytes).contains("\r\nX-Note: a b\r\n"))
        var parser = HTTPRequestParser()
        parser.feed(bytes)
        let parsed = try #require(try parser.next())
        #expect(parsed.headers.count == 5)
        #expect(parsed.path == "/a b/é")
        #expect(parser.isIdle)
    }

    @Test func anEmptyTargetIsSentAsRoot() {
        let request = HTTPClientRequest(target: "", host: "h", userAgent: "ua")
        #expect(text(request.serialized()).hasPrefix("GET / HTTP/1.1\r\n"))
    }

    @Test func usesTheURLsHostHeaderWithoutTheDefaultPort() throws {
        let request = HTTPClientRequest(url: try HTTPURL(parsing: "https://Example.com:443/x?y"), userAgent: "ua")
        #expect(request.host == "example.com")
        #expect(request.target == "/x?y")
    }
}
