import HTTP
import Testing

@Suite struct HTTPResponseHeadTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func serializesTheStatusLineAndHeadersInTheOrderAdded() {
        var head = HTTPResponseHead(status: .ok)
        head.setContentType("video/x-flv")
        head.setChunked()
        head.add("X-A", "1")
        head.add("X-A", "2")
        head.setConnection(keepAlive: false)
        #expect(text(head.serialized()) == "HTTP/1.1 200 OK\r\nServer: SRS/5.0.216(Bee)\r\nContent-Type: video/x-flv\r\n"
            + "Transfer-Encoding: chunked\r\nX-A: 1\r\nX-A: 2\r\nConnection: Close\r\n\r\n")
    }

    @Test func setReplacesEveryEarlierValueInPlace() {
        var head = HTTPResponseHead(status: .notFound)
        head.add("X-A", "1")
        head.add("Y", "y")
        head.add("x-a", "2")
        head.set("X-a", "3")
        #expect(head.headers.map { "\($0.name)=\($0.value)" } == ["Server=SRS/5.0.216(Bee)", "X-A=3", "Y=y"])
        head.headers.remove("y")
        #expect(head.headers.count == 2)
    }

    @Test func neutralisesLineBreaksInValues() {
        var head = HTTPResponseHead(status: .found)
        head.set("Location", "/a\r\nSet-Cookie: x")
        #expect(text(head.serialized()).contains("\r\nLocation: /a  Set-Cookie: x\r\n"))
    }

    @Test func errorResponsesCarryTheReasonPhraseAsPlainText() {
        #expect(text(HTTPResponseHead.error(.notFound)) == "HTTP/1.1 404 Not Found\r\nServer: SRS/5.0.216(Bee)\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\nConnection: Close\r\n\r\nNot Found")
    }

    @Test func redirectsCarryLocationAndSRSBody() {
        let response = text(HTTPResponseHead.redirect(to: "/api/v1/streams/?a=1", keepAlive: true))
        #expect(response.hasPrefix("HTTP/1.1 302 Found\r\n"))
        #expect(response.contains("\r\nLocation: /api/v1/streams/?a=1\r\n"))
        #expect(response.hasSuffix("\r\n\r\nRedirect to /api/v1/streams/?a=1"))
    }

    @Test func completeResponsesOmitTheBodyForHeadAndBodylessStatuses() {
        let head = text(HTTPResponseHead.complete(status: .ok, contentType: "application/json", body: [0x7B, 0x7D],
                                                  keepAlive: true, omitBody: true))
        #expect(head.hasSuffix("Content-Length: 2\r\nConnection: Keep-Alive\r\n\r\n"))
        let notModified = HTTPResponseHead.complete(status: .notModified, contentType: "text/html", body: [1],
                                                    keepAlive: true)
        #expect(notModified.last == 0x0A)
    }

    @Test(arguments: [
        (200, "OK"), (206, "Partial Content"), (302, "Found"), (400, "Bad Request"), (404, "Not Found"),
        (411, "Length Required"), (413, "Request Entity Too Large"), (414, "Request URI Too Large"),
        (416, "Requested Range Not Satisfiable"), (431, "Request Header Fields Too Large"),
        (505, "HTTP Version Not Supported"), (299, "Status Unknown"),
    ])
    func reasonPhrasesFollowSRS(code: Int, phrase: String) {
        #expect(HTTPStatus(code).reasonPhrase == phrase)
    }

    @Test func chunkedFramingUsesLowercaseHexSizes() {
        #expect(text(HTTPChunked.header(255)) == "ff\r\n")
        #expect(text(HTTPChunked.header(1)) == "1\r\n")
        #expect(text(HTTPChunked.trailer) == "\r\n")
        #expect(text(HTTPChunked.terminator) == "0\r\n\r\n")
        #expect(text(HTTPChunked.frame(Array("hello".utf8))) == "5\r\nhello\r\n")
        #expect(HTTPChunked.frame([]) == [])
        #expect(text(HTTPResponseHead.continueBytes) == "HTTP/1.1 100 Continue\r\n\r\n")
    }
}
