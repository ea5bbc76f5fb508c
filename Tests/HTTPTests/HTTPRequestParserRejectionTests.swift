import HTTP
import Testing

@Suite struct HTTPRequestParserRejectionTests {
    private let small = HTTPLimits(requestLineBytes: 32, headerBytes: 64, headerCount: 3, bodyBytes: 10)

    @Test func defaultLimitsAreTheDocumentedOnes() {
        #expect(HTTPLimits.default == HTTPLimits(requestLineBytes: 8192, headerBytes: 32768, headerCount: 100,
                                                 bodyBytes: 1_048_576))
    }

    @Test func requestLineAtTheLimitIsAcceptedAndOneMoreIs414() {
        let target = "/" + String(repeating: "a", count: 32 - "GET  HTTP/1.1".count - 1)
        #expect(parse("GET \(target) HTTP/1.1\r\n\r\n", limits: small).failureStatus == nil)
        #expect(parse("GET \(target)a HTTP/1.1\r\n\r\n", limits: small).failureStatus == 414)
    }

    @Test func overlongRequestLineIs414BeforeItsLineEndArrives() {
        #expect(parse("GET /" + String(repeating: "a", count: 40), limits: small).failureStatus == 414)
        #expect(parse(String(repeating: "a", count: 9000)).failureStatus == 414)
    }

    @Test func headerSectionOverTheLimitIs431CompleteOrNot() {
        let big = "X: " + String(repeating: "v", count: 70)
        #expect(parse("GET / HTTP/1.1\r\n\(big)\r\n\r\n", limits: small).failureStatus == 431)
        #expect(parse("GET / HTTP/1.1\r\n\(big)", limits: small).failureStatus == 431)
        #expect(parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", limits: small).failureStatus == nil)
        #expect(parse("GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 6000) + "\r\n").failureStatus == 431)
    }

    @Test func tooManyHeadersIs431() {
        #expect(parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: small).failureStatus == nil)
        #expect(parse("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits: small).failureStatus == 431)
    }

    @Test func bodyOverTheLimitIs413AsSoonAsTheHeadIsParsed() {
        #expect(parse("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", limits: small).failureStatus == nil)
        #expect(parse("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits: small).failureStatus == 413)
        #expect(parse("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n").failureStatus == 413)
    }

    @Test(arguments: [
        "BAD\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        " GET / HTTP/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET /a b HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.x\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/11\r\n\r\n",
        "GET / HTTP/1.1\r\r\n\r\n",
        "GET /\u{7F} HTTP/1.1\r\n\r\n",
        "GET /é HTTP/1.1\r\n\r\n",
        "GET /%zz HTTP/1.1\r\n\r\n",
        "GET /%00 HTTP/1.1\r\n\r\n",
        "GET /%ff HTTP/1.1\r\n\r\n",
        "GET /a#frag HTTP/1.1\r\n\r\n",
        "GET * HTTP/1.1\r\n\r\n",
        "GET ftp://x/ HTTP/1.1\r\n\r\n",
        "GET http:/// HTTP/1.1\r\n\r\n",
        "GET relative HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET / HTTP/1.1\r\n: value\r\n\r\n",
        "GET / HTTP/1.1\r\nX(: v\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\n\tX: tab\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u{0}b\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u{1B}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
    ])
    func malformedRequestsAre400(text: String) {
        #expect(parse(text).failureStatus == 400, "\(text.debugDescription)")
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET / HTTP/0.9\r\n\r\n", 505),
    ])
    func unsupportedFramingAndVersionsHaveTheirOwnStatus(text: String, status: Int) {
        #expect(parse(text).failureStatus == status)
    }

    @Test func errorsDescribeTheProblemWithControlCharactersEscaped() {
        #expect(HTTPError.invalidMethod("G\u{1B}T").description == "http: invalid method 'G\\x1bT'")
        #expect(HTTPError.invalidJSONPCallback("x").srsCode() == 4058)
        let long = HTTPError.malformedRequestLine(String(repeating: "a", count: 100)).description
        #expect(long.hasSuffix("...'"))
    }
}
