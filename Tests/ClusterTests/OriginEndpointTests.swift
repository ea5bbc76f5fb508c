import Testing
@testable import Cluster

@Suite("Origin endpoints")
struct OriginEndpointTests {
    @Test(arguments: [
        ("127.0.0.1:19350", "127.0.0.1", 19350),
        ("127.0.0.1", "127.0.0.1", 1935),
        ("origin.srs.svc:1936", "origin.srs.svc", 1936),
        ("[::1]:19350", "::1", 19350),
        ("[::1]", "::1", 1935),
        ("::1", "::1", 1935),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let endpoint = try #require(OriginEndpoint(parsing: text, defaultPort: 1935))
        #expect(endpoint.host == host && endpoint.port == port)
    }

    @Test(arguments: ["", ":1935", "a:0", "a:65536", "a:x", "[::1", "[::1]x", "[::1]:"])
    func rejects(text: String) {
        #expect(OriginEndpoint(parsing: text, defaultPort: 1935) == nil)
    }

    @Test func describesIPv6WithBrackets() {
        #expect(OriginEndpoint(host: "::1", port: 5).description == "[::1]:5")
        #expect(OriginEndpoint(host: "a", port: 5).description == "a:5")
    }

    @Test(arguments: [
        ("rtmp://10.0.0.2:19351/live/s?vhost=v", "10.0.0.2", 19351),
        ("rtmp://10.0.0.2/live", "10.0.0.2", 1935),
        ("http://[::1]:8081/live/s.flv", "::1", 8081),
        ("https://cdn.example/live/s.flv", "cdn.example", 443),
        ("http://user@h:81/x", "h", 81),
    ])
    func redirectTargets(url: String, host: String, port: Int) throws {
        let target = try #require(RedirectTarget.endpoint(in: url))
        #expect(target.host == host && target.port == port)
    }

    @Test(arguments: ["", "10.0.0.2:1935", "ftp://h/x", "rtmp:///live", "rtmp://h:0/x"])
    func redirectTargetsRejectGarbage(url: String) {
        #expect(RedirectTarget.endpoint(in: url) == nil)
    }
}
