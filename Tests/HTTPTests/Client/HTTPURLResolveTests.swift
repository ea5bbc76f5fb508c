import HTTP
import Testing

@Suite struct HTTPURLResolveTests {
    private let origin = "http://origin.example:8080/live/a/stream.flv?token=1"

    @Test(arguments: [
        ("http://other.example/x.flv", "http://other.example/x.flv"),
        ("https://secure.example/y", "https://secure.example/y"),
        ("HTTP://X.Example:80/a", "http://x.example/a"),
        ("http://o/a/../b", "http://o/b"),
        ("//edge.example:9000/z?q", "http://edge.example:9000/z?q"),
        ("//edge.example", "http://edge.example/"),
        ("/live/b.flv", "http://origin.example:8080/live/b.flv"),
        ("/live/b.flv?x=2", "http://origin.example:8080/live/b.flv?x=2"),
        ("/a/./b/../c", "http://origin.example:8080/a/c"),
        ("b.flv", "http://origin.example:8080/live/a/b.flv"),
        ("b.flv?x=3", "http://origin.example:8080/live/a/b.flv?x=3"),
        ("../b.flv", "http://origin.example:8080/live/b.flv"),
        ("../../../b.flv", "http://origin.example:8080/b.flv"),
        ("./c/../d.flv", "http://origin.example:8080/live/a/d.flv"),
        ("?token=2", "http://origin.example:8080/live/a/stream.flv?token=2"),
        ("", "http://origin.example:8080/live/a/stream.flv?token=1"),
        ("#frag", "http://origin.example:8080/live/a/stream.flv?token=1"),
    ])
    func resolvesRedirectLocations(location: String, expected: String) throws {
        let base = try HTTPURL(parsing: origin)
        #expect(try base.resolving(location).description == expected)
    }

    /// RFC 3986 §5.4.1 and §5.4.2 (the `g:h` example is a scheme we reject, tested below).
    @Test(arguments: [
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
        ("//g", "http://g/"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q"),
        ("g#s", "http://a/b/c/g"), ("g?y#s", "http://a/b/c/g?y"), (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"),
        ("g;x?y#s", "http://a/b/c/g;x?y"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"),
        ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"),
        ("../../", "http://a/"), ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("http:g", nil),
    ] as [(String, String?)])
    func followsTheRFC3986Examples(reference: String, expected: String?) throws {
        let base = try HTTPURL(parsing: "http://a/b/c/d;p?q")
        if let expected {
            #expect(try base.resolving(reference).description == expected, "\(reference)")
        } else {
            #expect(throws: HTTPClientError.self) { try base.resolving(reference) }
        }
    }

    @Test(arguments: [
        ("ftp://x/", HTTPClientError.unsupportedScheme("ftp")),
        ("g:h", .unsupportedScheme("g")),
        ("mailto:a@b", .unsupportedScheme("mailto")),
        ("rtmp://origin/live/s", .unsupportedScheme("rtmp")),
        ("http:/x", .invalidURL("http:/x", reason: "no '//' authority")),
        ("//", .invalidURL("//", reason: "empty host")),
        ("//[::1/x", .invalidURL("//[::1/x", reason: "IPv6 literal without ']'")),
        ("/a b", .invalidURL("/a b", reason: "byte 0x20 is not visible ASCII")),
        ("/%zz", .invalidURL("/%zz", reason: "bad %-escape in path")),
        ("//h:99999/", .invalidURL("//h:99999/", reason: "port '99999' is not in 1...65535")),
    ])
    func rejectsLocationsThatDoNotResolveToAnHTTPURL(location: String, error: HTTPClientError) throws {
        let base = try HTTPURL(parsing: origin)
        #expect(throws: error) { try base.resolving(location) }
    }

    @Test func keepsTheBasePortAndIPv6Host() throws {
        let base = try HTTPURL(parsing: "https://[::1]:8443/live/s.flv")
        let resolved = try base.resolving("/other.flv")
        #expect(resolved.host == "[::1]" && resolved.port == 8443 && resolved.scheme == .https)
        #expect(try HTTPURL(parsing: "https://h/a/b").resolving("//x/y").scheme == .https)
    }
}
