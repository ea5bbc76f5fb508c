/// Well-formed requests covering each syntax the parser accepts, with what they must parse to.
enum RequestSamples {
    static let body600: [UInt8] = (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }

    static let texts: [String] = [
        "GET /live/livestream.flv HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n",
        "POST /api/v1/clients/abc?callback=cb&method=DELETE HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 14\r\n\r\n{\"code\":0,\"a\"}",
        "GET /a%20b/c.m3u8?x=1&y=%41&flag&=v HTTP/1.0\r\nConnection: keep-alive\r\nX-Spaced: \t padded value \t\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: demo.com\r\nOrigin: http://a.com\r\n\r\n",
        "GET http://Demo.com:8080/live/s.flv HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n",
        "GET /bare-lf HTTP/1.1\nHost: lf\nX-Empty:\n\n",
    ]

    static let bodyRequest: [UInt8] =
        Array("PUT /upload HTTP/1.1\r\nHost: u\r\nContent-Length: 600\r\n\r\n".utf8) + body600

    /// All samples back to back, as one pipelined stream (blank lines between requests are legal).
    static var pipelined: [UInt8] {
        var bytes: [UInt8] = []
        for text in texts { bytes += Array(text.utf8) }
        bytes += bodyRequest
        bytes += Array("\r\nGET /after-blank-line HTTP/1.1\r\n\r\n".utf8)
        return bytes
    }

    static let expectedCount = 8
}
