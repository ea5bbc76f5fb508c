import HTTP
import Testing

@Suite struct JSONPTests {
    @Test(arguments: [
        ("", true), ("callback", true), ("Callback_1.2-3", true), ("jQuery123_456", true),
        ("a;b", false), ("alert(1)", false), ("a b", false), ("中", false), ("a/b", false),
    ])
    func acceptsOnlyLettersDigitsUnderscoreDotAndDash(name: String, valid: Bool) {
        #expect(JSONP.isValidCallback(name) == valid)
    }

    @Test(arguments: [
        ("/api/v1/versions?callback=cb", "cb"),
        ("/api/v1/versions?x=1&callback=a.b", "a.b"),
        ("/api/v1/versions?callback=", nil),
        ("/api/v1/versions", nil),
    ] as [(String, String?)])
    func takesTheCallbackFromTheQuery(target: String, callback: String?) throws {
        #expect(try JSONP.callback(in: parseOne("GET \(target) HTTP/1.1\r\n\r\n")) == callback)
    }

    @Test func rejectsAnInvalidCallbackEvenWhenEncoded() throws {
        let request = try parseOne("GET /api/v1/versions?callback=a%3Balert(1) HTTP/1.1\r\n\r\n")
        #expect(throws: HTTPError.invalidJSONPCallback("a;alert(1)")) { try JSONP.callback(in: request) }
    }

    @Test(arguments: [
        ("?callback=cb&method=DELETE", "DELETE"),
        ("?callback=cb&method=PUT", "PUT"),
        ("?callback=cb&method=delete", nil),
        ("?callback=cb&method=PATCH", nil),
        ("?method=DELETE", nil),
    ] as [(String, String?)])
    func overridesTheMethodOnlyWithACallback(query: String, method: String?) throws {
        #expect(JSONP.methodOverride(in: try parseOne("GET /api/v1/clients/1\(query) HTTP/1.1\r\n\r\n")) == method)
    }

    @Test func wrapsTheJSONBodyInTheCallback() {
        #expect(JSONP.wrap(Array("{\"code\":0}".utf8), callback: "cb") == Array("cb({\"code\":0})".utf8))
        #expect(JSONP.contentType == "text/javascript")
    }
}
