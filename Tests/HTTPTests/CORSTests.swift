import HTTP
import Testing

@Suite struct CORSTests {
    private let expected = [
        "Access-Control-Allow-Origin: *",
        "Access-Control-Allow-Headers: *",
        "Access-Control-Allow-Methods: *",
        "Access-Control-Expose-Headers: *",
        "Access-Control-Allow-Credentials: false",
    ]

    @Test(arguments: [
        (true, "Origin: http://a.com\r\n", true),
        (true, "", false),
        (true, "Origin: \r\n", false),
        (false, "Origin: http://a.com\r\n", false),
    ])
    func addsTheV5HeadersOnlyForCrossDomainRequestsWithAnOrigin(crossDomain: Bool, origin: String, added: Bool) throws {
        let request = try parseOne("GET /live/a.flv HTTP/1.1\r\n\(origin)\r\n")
        let headers = CORS.headers(for: request, crossDomain: crossDomain).map { "\($0.name): \($0.value)" }
        #expect(headers == (added ? expected : []))
    }

    @Test func answersOptionsWith200WhenCrossDomainIsOnElse405() throws {
        let request = try parseOne("OPTIONS /any/path HTTP/1.1\r\nOrigin: http://a.com\r\n\r\n")
        let on = String(decoding: try #require(CORS.preflightResponse(for: request, crossDomain: true, keepAlive: true)),
                        as: UTF8.self)
        #expect(on.hasPrefix("HTTP/1.1 200 OK\r\nServer: SRS/5.0.216(Bee)\r\n"))
        #expect(on.contains("\r\nAccess-Control-Allow-Origin: *\r\n"))
        #expect(on.hasSuffix("\r\nContent-Length: 0\r\nConnection: Keep-Alive\r\n\r\n"))

        let off = String(decoding: try #require(CORS.preflightResponse(for: request, crossDomain: false, keepAlive: false)),
                         as: UTF8.self)
        #expect(off.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(!off.contains("Access-Control"))
        #expect(off.contains("\r\nContent-Length: 0\r\n"))
    }

    @Test func leavesOtherMethodsToTheHandlers() throws {
        let request = try parseOne("GET / HTTP/1.1\r\nOrigin: x\r\n\r\n")
        #expect(CORS.preflightResponse(for: request, crossDomain: true, keepAlive: true) == nil)
    }
}
