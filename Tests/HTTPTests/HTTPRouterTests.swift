import HTTP
import Testing

@Suite struct HTTPRouterTests {
    private func router() throws -> HTTPRouter<String> {
        var router = HTTPRouter<String>()
        for pattern in ["/", "/api/", "/api/v1/", "/api/v1/versions", "/api/v1/streams/", "/live/s.flv",
                        "demo.com/live/d.flv", "Demo.com/vod/", "error.srs.com/api/v1/tests/errors",
                        "/api/v1/tests/errors"] {
            try router.handle(pattern, pattern)
        }
        return router
    }

    @Test(arguments: [
        (nil, "/api/v1/versions", "", "/api/v1/versions"),
        (nil, "/api/v1/versions/", "", "/api/v1/"),
        (nil, "/api/v1/streams/123", "", "/api/v1/streams/"),
        (nil, "/api/v1/perf", "", "/api/v1/"),
        (nil, "/api/v2", "", "/api/"),
        (nil, "/other/file.html", "", "/"),
        (nil, "/", "", "/"),
        (nil, "/live/s.flv", "", "/live/s.flv"),
        (nil, "/live/d.flv", "", "/"),
        ("demo.com", "/live/d.flv", "", "demo.com/live/d.flv"),
        ("DEMO.com:8080", "/live/d.flv", "", "demo.com/live/d.flv"),
        ("demo.com", "/live/s.flv", "", "/live/s.flv"),
        ("demo.com", "/api/v1/versions", "", "/api/v1/versions"),
        ("other.com", "/live/d.flv", "", "/"),
        ("error.srs.com", "/api/v1/tests/errors", "", "error.srs.com/api/v1/tests/errors"),
        ("x.com", "/api/v1/tests/errors", "", "/api/v1/tests/errors"),
    ] as [(String?, String, String, String)])
    func matchesExactPrefixLongestAndVhostPatterns(host: String?, path: String, query: String, pattern: String) throws {
        #expect(try router().match(host: host, path: path, rawQuery: query) == .handler(pattern, pattern: pattern))
    }

    @Test(arguments: [
        (nil, "/api/v1/streams", "", "/api/v1/streams/"),
        (nil, "/api/v1/streams", "count=10&start=0", "/api/v1/streams/?count=10&start=0"),
        (nil, "/api", "", "/api/"),
        ("demo.com", "/vod", "a=1", "/vod/?a=1"),
    ] as [(String?, String, String, String)])
    func redirectsTheBarePathOfASlashPatternKeepingTheQuery(host: String?, path: String, query: String,
                                                            location: String) throws {
        #expect(try router().match(host: host, path: path, rawQuery: query) == .redirect(location: location))
    }

    @Test func vhostPatternsCompareTheHostCaseInsensitively() throws {
        #expect(try router().match(host: "demo.com", path: "/vod/a.mp4") == .handler("Demo.com/vod/", pattern: "demo.com/vod/"))
    }

    @Test func aVhostRedirectOnlyAppliesToItsHost() throws {
        #expect(try router().match(host: "x.com", path: "/vod") == .handler("/", pattern: "/"))
    }

    @Test func withoutARootPatternUnknownPathsAreNotFound() throws {
        var router = HTTPRouter<Int>()
        try router.handle("/api/", 1)
        #expect(router.match(host: nil, path: "/nothing") == .notFound)
        #expect(router.match(host: nil, path: "*") == .notFound)
        #expect(router.match(host: nil, path: "") == .notFound)
    }

    @Test func anExplicitBarePatternWinsOverTheImplicitRedirectInEitherOrder() throws {
        var first = HTTPRouter<Int>()
        try first.handle("/x", 1)
        try first.handle("/x/", 2)
        var second = HTTPRouter<Int>()
        try second.handle("/x/", 2)
        try second.handle("/x", 1)
        for router in [first, second] {
            #expect(router.match(host: nil, path: "/x") == .handler(1, pattern: "/x"))
            #expect(router.match(host: nil, path: "/x/y") == .handler(2, pattern: "/x/"))
        }
    }

    @Test func rejectsEmptyHostOnlyAndDuplicatePatterns() throws {
        var router = HTTPRouter<Int>()
        #expect(throws: HTTPError.invalidPattern("")) { try router.handle("", 1) }
        #expect(throws: HTTPError.invalidPattern("demo.com")) { try router.handle("demo.com", 1) }
        try router.handle("/a", 1)
        #expect(throws: HTTPError.duplicatePattern("/a")) { try router.handle("/a", 2) }
        #expect(router.patterns == ["/a"])
    }

    @Test func removingPatternsDropsTheirRedirectsAndRestoresThemWhenDue() throws {
        var router = try router()
        #expect(router.remove("/api/v1/streams/") == "/api/v1/streams/")
        #expect(router.match(host: nil, path: "/api/v1/streams") == .handler("/api/v1/", pattern: "/api/v1/"))
        #expect(router.remove("/nope") == nil)
        #expect(router.remove("demo.com/live/d.flv") == "demo.com/live/d.flv")
        #expect(router.match(host: "demo.com", path: "/live/d.flv") == .handler("/", pattern: "/"))

        var bare = HTTPRouter<Int>()
        try bare.handle("/x/", 2)
        try bare.handle("/x", 1)
        bare.remove("/x")
        #expect(bare.match(host: nil, path: "/x") == .redirect(location: "/x/"))
    }

    @Test func routesParsedRequestsByHostPathAndQuery() throws {
        let request = try parseOne("GET /api/v1/streams?count=1 HTTP/1.1\r\nHost: demo.com\r\n\r\n")
        #expect(try router().match(request) == .redirect(location: "/api/v1/streams/?count=1"))
    }
}
