import Testing
@testable import RTMP

@Suite("RequestURL discovery (srs_discovery_tc_url, SRS 5)")
struct RequestURLTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var tcUrl: String
        var stream: String
        var param = ""
        var expected: RequestURL
        var testDescription: String { "\(tcUrl) + \(stream)" }

        init(_ tcUrl: String, _ stream: String, param: String = "", schema: String = "rtmp", host: String,
             vhost: String? = nil, port: Int = 1935, app: String, expectStream: String, expectParam: String = "") {
            self.tcUrl = tcUrl
            self.stream = stream
            self.param = param
            expected = RequestURL(schema: schema, host: host, vhost: vhost ?? host, port: port, app: app,
                                  stream: expectStream, param: expectParam)
        }
    }

    static let cases: [Case] = [
        // srs-facts §5.7 (SRS utests)
        Case("rtmp://winlin.cn/live?key=abc", "show", host: "winlin.cn", app: "live", expectStream: "show",
             expectParam: "?key=abc"),
        Case("rtmp://127.0.0.1:19351/live?vhost=demo", "show", host: "127.0.0.1", vhost: "demo", port: 19351,
             app: "live", expectStream: "show", expectParam: "?vhost=demo"),
        Case("rtmp://127.0.0.1:19351/live?key=abc&&vhost=demo.com", "show", host: "127.0.0.1", vhost: "demo.com",
             port: 19351, app: "live", expectStream: "show", expectParam: "?key=abc&&vhost=demo.com"),
        // params on the stream name, FMLE's app?k=v form, ...vhost..., _definst_
        Case("rtmp://h/live", "livestream?token=1&vhost=v.com", host: "h", vhost: "v.com", app: "live",
             expectStream: "livestream", expectParam: "?token=1&vhost=v.com"),
        Case("rtmp://h/app?k=v", "stream", host: "h", app: "app", expectStream: "stream", expectParam: "?k=v"),
        Case("rtmp://127.0.0.1/live...vhost...demo.com", "show", host: "127.0.0.1", vhost: "demo.com", app: "live",
             expectStream: "show", expectParam: "?vhost=demo.com"),
        Case("rtmp://h/live/_definst_", "show", host: "h", app: "live", expectStream: "show"),
        Case("rtmp://h/live#k=v", "show", host: "h", app: "live", expectStream: "show", expectParam: "#k=v"),
        Case("rtmp://1.2.3.4/live?domain=d.com", "s", host: "1.2.3.4", vhost: "d.com", app: "live", expectStream: "s",
             expectParam: "?domain=d.com"),
        Case("rtmp://h/live?vhost=a.com&domain=d.com", "s", host: "h", vhost: "a.com", app: "live", expectStream: "s",
             expectParam: "?vhost=a.com&domain=d.com"),
        // the default vhost in the query means "the host"; alone it is dropped from the param
        Case("rtmp://h/live?vhost=__defaultVhost__", "s", host: "h", app: "live", expectStream: "s"),
        Case("rtmp://h/live?vhost=__defaultVhost__&k=v", "s", host: "h", app: "live", expectStream: "s",
             expectParam: "?vhost=__defaultVhost__&k=v"),
        Case("rtmp://__defaultVhost__/live", "s", host: "__defaultVhost__", app: "live", expectStream: "s"),
        // hosts and ports
        Case("rtmp://[::1]:1936/live", "s", host: "::1", port: 1936, app: "live", expectStream: "s"),
        Case("rtmp://[::1]/live", "s", host: "::1", app: "live", expectStream: "s"),
        Case("rtmp://user:pass@h:1940/live", "s", host: "h", port: 1940, app: "live", expectStream: "s"),
        Case("http://h/live", "s", schema: "http", host: "h", port: 80, app: "live", expectStream: "s"),
        Case("https://h/live", "s", schema: "https", host: "h", port: 443, app: "live", expectStream: "s"),
        // slashes, empty parts, nested apps, whitespace
        Case("rtmp://h/live/", "s", host: "h", app: "live", expectStream: "s"),
        Case("rtmp://h/live", "/s/", host: "h", app: "live/s", expectStream: ""),
        Case("rtmp://h", "s", host: "h", app: "__defaultApp__", expectStream: "s"),
        Case("rtmp://h/", "s", host: "h", app: "__defaultApp__", expectStream: "s"),
        Case("rtmp://h/a/b/c", "s", host: "h", app: "a/b/c", expectStream: "s"),
        Case("rtmp://h/live", "", host: "h", app: "live", expectStream: ""),
        Case("rtmp://h/live ", " show\r\n", host: "h", app: "live", expectStream: "show"),
        Case("rtmp://h/live?a=1&vhost=v1&vhost=v2", "s", host: "h", vhost: "v2", app: "live", expectStream: "s",
             expectParam: "?a=1&vhost=v1&vhost=v2"),
        // SRS compat: only the text after a second '?' is parsed as the query
        Case("rtmp://h/live?x=1", "s?vhost=v", host: "h", app: "live", expectStream: "s", expectParam: "?vhost=v?x=1"),
        // an extra param (HTTP query) is appended once, never duplicated
        Case("rtmp://v.com/live", "s", param: "?token=1", host: "v.com", app: "live", expectStream: "s",
             expectParam: "?token=1"),
        Case("rtmp://h/live?key=abc", "show", param: "?key=abc", host: "h", app: "live", expectStream: "show",
             expectParam: "?key=abc"),
    ]

    @Test("discovers every field", arguments: cases)
    func discovers(_ testCase: Case) throws {
        #expect(try RequestURL.discover(tcUrl: testCase.tcUrl, stream: testCase.stream, param: testCase.param)
            == testCase.expected)
    }

    @Test("rejects tcUrls SRS cannot parse",
          arguments: ["live/stream", "rtmp:///live", "://h/live", "rtmp://h:abc/live", "rtmp://h:70000/live",
                      "rtmp://h:/live", "rtmp://[::1/live", "rtmp://[::1]x/live", ""])
    func rejects(tcUrl: String) {
        #expect(throws: RTMPError.invalidTcUrl(tcUrl)) { _ = try RequestURL.discover(tcUrl: tcUrl, stream: "s") }
    }

    @Test("guesses the stream from the app or the param when play/publish named none")
    func guessesStream() throws {
        var fromApp = try RequestURL.discover(tcUrl: "rtmp://h/live/livestream")
        #expect(fromApp.app == "live/livestream" && fromApp.stream == "")
        fromApp.guessStreamFromApp()
        #expect(fromApp.app == "live" && fromApp.stream == "livestream")

        var withQuery = RequestURL(schema: "rtmp", host: "h", vhost: "h", port: 1935, app: "live/s?k=v", stream: "",
                                   param: "")
        withQuery.guessStreamFromApp()
        #expect(withQuery.app == "live" && withQuery.stream == "s" && withQuery.param == "?k=v")

        var fromParam = RequestURL(schema: "rtmp", host: "h", vhost: "h", port: 1935, app: "live", stream: "",
                                   param: "?k=v/s")
        fromParam.guessStreamFromApp()
        #expect(fromParam.param == "?k=v" && fromParam.stream == "s")

        var named = try RequestURL.discover(tcUrl: "rtmp://h/live", stream: "s")
        named.guessStreamFromApp()
        #expect(named.stream == "s" && named.app == "live")
    }

    @Test("keys streams by vhost/app/stream without the extension")
    func streamURL() throws {
        let onDefault = try RequestURL.discover(tcUrl: "rtmp://127.0.0.1/live", stream: "livestream.flv")
            .resolved { $0 == "__defaultVhost__" }
        #expect(onDefault.vhost == "__defaultVhost__")
        #expect(onDefault.streamURL == "/live/livestream")
        let onVhost = try RequestURL.discover(tcUrl: "rtmp://127.0.0.1/live?vhost=demo.com", stream: "livestream")
            .resolved { $0 == "demo.com" }
        #expect(onVhost.streamURL == "demo.com/live/livestream")
    }

    @Test("dirname and basename behave like SRS's path helpers")
    func pathHelpers() {
        #expect(RequestURL.dirname("rtmp://h:1935/live/livestream") == "rtmp://h:1935/live")
        #expect(RequestURL.dirname("/live") == "/")
        #expect(RequestURL.dirname("live") == "./")
        #expect(RequestURL.basename("/") == "/")
        #expect(RequestURL.basename("/live/s") == "s")
        #expect(RequestURL.removingExtension("a.b.flv") == "a.b")
    }

    @Test("splits SRS query strings on = , && & ;")
    func queryString() {
        #expect(SRSQueryString.parse("a=1,vhost=x") == ["a": "1", "vhost": "x"])
        #expect(SRSQueryString.parse("a=1;vhost=x&&b") == ["a": "1", "vhost": "x", "b": ""])
        #expect(SRSQueryString.split(Array("a==b&".utf8)) == ["a", "", "b"])
    }
}
