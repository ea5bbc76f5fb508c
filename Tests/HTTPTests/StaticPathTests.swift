import TestSupport
import HTTP
import Testing

@Suite struct StaticPathTests {
    @Test(arguments: [
        ("/index.html", "/", "index.html"),
        ("/", "/", "index.html"),
        ("/a//b", "/", "a/b"),
        ("//a///b.ts", "/", "a/b.ts"),
        ("/live/", "/", "live/index.html"),
        ("/./a/./b.ts", "/", "a/b.ts"),
        ("/a%20b/c.m3u8", "/", "a b/c.m3u8"),
        ("/a..b.ts", "/", "a..b.ts"),
        ("/.hidden", "/", ".hidden"),
        ("/hls/live/a.m3u8", "/hls/", "live/a.m3u8"),
        ("/hls", "/hls/", "index.html"),
        ("/hls/", "/hls", "index.html"),
        ("/hls/a.ts", "demo.com/hls/", "a.ts"),
        ("/console/js/x.js", "/console/", "js/x.js"),
    ])
    func resolvesPathsUnderTheMount(rawPath: String, mount: String, relative: String) throws {
        #expect(try StaticPath.resolve(rawPath: rawPath, mount: mount) == relative)
    }

    @Test(arguments: [
        "/../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc/passwd",
        "/a/../../b",
        "/a/../b",
        "/a/..",
        "/..%2f..%2fetc",
        "/a\\b",
        "/a%5cb",
        "/..\\etc",
        "/..%2F%CC%81etc",
        "relative/path",
    ])
    func forbidsTraversalAndBackslashes(rawPath: String) {
        #expect(throws: HTTPError.forbiddenPath(rawPath)) { try StaticPath.resolve(rawPath: rawPath) }
    }

    @Test(arguments: ["/%00", "/a%00.html", "/%zz", "/%"])
    func rejectsNulAndBadEscapesAsBadRequests(rawPath: String) {
        #expect(throws: HTTPError.invalidPercentEncoding(rawPath)) { try StaticPath.resolve(rawPath: rawPath) }
    }

    @Test func pathsOutsideTheMountAreNotFound() {
        #expect(throws: HTTPError.pathOutsideMount(path: "/other/a", mount: "/hls/")) {
            try StaticPath.resolve(rawPath: "/other/a", mount: "/hls/")
        }
        #expect(throws: HTTPError.pathOutsideMount(path: "/hlsx/a", mount: "/hls/")) {
            try StaticPath.resolve(rawPath: "/hlsx/a", mount: "/hls/")
        }
    }

    @Test(arguments: [
        ("./objs/nginx/html", "live/a.ts", "./objs/nginx/html/live/a.ts"),
        ("/srv/www/", "a", "/srv/www/a"),
        ("/srv/www//", "a", "/srv/www/a"),
        ("/", "a", "/a"),
        ("/srv", "", "/srv"),
    ])
    func joinsTheRootAndTheRelativePath(root: String, relative: String, joined: String) {
        #expect(StaticPath.join(root: root, relative) == joined)
    }

    @Test(arguments: [
        ("/srv/www", "/srv/www/a", true),
        ("/srv/www", "/srv/www", true),
        ("/srv/www/", "/srv/www/a/b", true),
        ("/srv/www", "/srv/wwwx/a", false),
        ("/srv/www", "/etc/passwd", false),
        ("/srv/www", "/srv", false),
        ("/", "/etc", true),
    ])
    func decidesWhetherARealPathIsInsideTheRoot(root: String, resolved: String, inside: Bool) {
        #expect(StaticPath.isInside(root: root, resolved: resolved) == inside)
    }

    @Test func randomPathsNeverResolveOutsideTheRoot() {
        var generator = SplitMix64(seed: 0x5EED_0004)
        let pieces = ["/", "..", ".", "%2e", "%2E", "%2f", "%5c", "\\", "a", "%00", "%", "%CC%81", "//"]
        for _ in 0..<3000 {
            let raw = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
            guard let relative = try? StaticPath.resolve(rawPath: "/" + raw) else { continue }
            let segments = relative.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            #expect(!segments.contains { $0.elementsEqual("..".utf8) || $0.isEmpty }, "\(raw) → \(relative)")
            #expect(!relative.utf8.contains(UInt8(ascii: "\\")) && !relative.utf8.contains(0))
        }
    }
}
