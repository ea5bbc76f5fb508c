import HTTP
import Testing

@Suite struct HTTPURLTests {
    /// (text, scheme, host, port, path, query, target, Host header)
    @Test(arguments: [
        ("http://127.0.0.1:8085/api/v1/hooks?a=1&b=2", HTTPURL.Scheme.http, "127.0.0.1", 8085, "/api/v1/hooks", "a=1&b=2",
         "/api/v1/hooks?a=1&b=2", "127.0.0.1:8085"),
        ("http://example.com", .http, "example.com", 80, "/", nil, "/", "example.com"),
        ("https://example.com", .https, "example.com", 443, "/", nil, "/", "example.com"),
        ("HTTPS://Origin.Example.COM/Live/S.flv", .https, "origin.example.com", 443, "/Live/S.flv", nil, "/Live/S.flv",
         "origin.example.com"),
        ("http://example.com:80/x", .http, "example.com", 80, "/x", nil, "/x", "example.com"),
        ("https://example.com:8443/x", .https, "example.com", 8443, "/x", nil, "/x", "example.com:8443"),
        ("http://[::1]:8080/live/s.flv", .http, "[::1]", 8080, "/live/s.flv", nil, "/live/s.flv", "[::1]:8080"),
        ("https://[2001:DB8::1]/x", .https, "[2001:db8::1]", 443, "/x", nil, "/x", "[2001:db8::1]"),
        ("http://[::ffff:10.0.0.1]", .http, "[::ffff:10.0.0.1]", 80, "/", nil, "/", "[::ffff:10.0.0.1]"),
        ("http://h:/p", .http, "h", 80, "/p", nil, "/p", "h"),
        ("http://h?x=1", .http, "h", 80, "/", "x=1", "/?x=1", "h"),
        ("http://h/p?", .http, "h", 80, "/p", "", "/p?", "h"),
        ("http://h/p#frag", .http, "h", 80, "/p", nil, "/p", "h"),
        ("http://h/p?q#frag", .http, "h", 80, "/p", "q", "/p?q", "h"),
        ("http://h#frag", .http, "h", 80, "/", nil, "/", "h"),
        ("http://my-host_1.local~/a%20b/c;d?e=%2F", .http, "my-host_1.local~", 80, "/a%20b/c;d", "e=%2F",
         "/a%20b/c;d?e=%2F", "my-host_1.local~"),
        ("http://h:65535", .http, "h", 65535, "/", nil, "/", "h:65535"),
    ] as [(String, HTTPURL.Scheme, String, Int, String, String?, String, String)])
    func parsesEachPart(text: String, scheme: HTTPURL.Scheme, host: String, port: Int, path: String, query: String?,
                        target: String, hostHeader: String) throws {
        let url = try HTTPURL(parsing: text)
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.path == path)
        #expect(url.query == query)
        #expect(url.target == target)
        #expect(url.hostHeader == hostHeader)
    }

    @Test func socketHostDropsTheBracketsOfIPv6Literals() throws {
        #expect(try HTTPURL(parsing: "http://[::1]:1985/").socketHost == "::1")
        #expect(try HTTPURL(parsing: "http://Origin:1985/").socketHost == "origin")
    }

    @Test func describesItselfInNormalForm() throws {
        #expect(try HTTPURL(parsing: "HTTP://Example.com:80/a?b#c").description == "http://example.com/a?b")
        #expect(try HTTPURL(parsing: "https://[::1]:8443").description == "https://[::1]:8443/")
        #expect(try HTTPURL(parsing: "http://h:8080/x").description == "http://h:8080/x")
    }

    @Test(arguments: [
        ("", HTTPClientError.invalidURL("", reason: "no scheme")),
        ("example.com/x", .invalidURL("example.com/x", reason: "no scheme")),
        ("/just/a/path", .invalidURL("/just/a/path", reason: "no scheme")),
        ("localhost:8080/x", .unsupportedScheme("localhost")),
        ("ftp://h/x", .unsupportedScheme("ftp")),
        ("rtmp://h/live/s", .unsupportedScheme("rtmp")),
        ("httpx://h/", .unsupportedScheme("httpx")),
        ("http:/h/x", .invalidURL("http:/h/x", reason: "no '//' authority")),
        ("http:h", .invalidURL("http:h", reason: "no '//' authority")),
        ("http://", .invalidURL("http://", reason: "empty host")),
        ("http:///x", .invalidURL("http:///x", reason: "empty host")),
        ("http://:80/x", .invalidURL("http://:80/x", reason: "empty host")),
        ("http://h:0/", .invalidURL("http://h:0/", reason: "port '0' is not in 1...65535")),
        ("http://h:65536/", .invalidURL("http://h:65536/", reason: "port '65536' is not in 1...65535")),
        ("http://h:123456/", .invalidURL("http://h:123456/", reason: "port '123456' is not in 1...65535")),
        ("http://h:80a/", .invalidURL("http://h:80a/", reason: "port '80a' is not in 1...65535")),
        ("http://h:-1/", .invalidURL("http://h:-1/", reason: "port '-1' is not in 1...65535")),
        ("http://h:1:2/", .invalidURL("http://h:1:2/", reason: "port '1:2' is not in 1...65535")),
        ("http://user:pw@h/", .invalidURL("http://user:pw@h/", reason: "userinfo is not supported")),
        ("http://[::1/", .invalidURL("http://[::1/", reason: "IPv6 literal without ']'")),
        ("http://[::1]x/", .invalidURL("http://[::1]x/", reason: "junk after IPv6 literal")),
        ("http://[zz::1]/", .invalidURL("http://[zz::1]/", reason: "invalid IPv6 literal")),
        ("http://[]/", .invalidURL("http://[]/", reason: "invalid IPv6 literal")),
        ("http://[1.2.3.4]/", .invalidURL("http://[1.2.3.4]/", reason: "invalid IPv6 literal")),
        ("http://h!x/", .invalidURL("http://h!x/", reason: "invalid character in host")),
        ("http://h%41/", .invalidURL("http://h%41/", reason: "invalid character in host")),
        ("http://h h/", .invalidURL("http://h h/", reason: "byte 0x20 is not visible ASCII")),
        ("http://h/\u{7F}", .invalidURL("http://h/\u{7F}", reason: "byte 0x7f is not visible ASCII")),
        ("http://h/\r\nX: y", .invalidURL("http://h/\r\nX: y", reason: "byte 0xd is not visible ASCII")),
        ("http://hé/", .invalidURL("http://hé/", reason: "byte 0xc3 is not visible ASCII")),
        (" http://h/", .invalidURL(" http://h/", reason: "byte 0x20 is not visible ASCII")),
        ("http://h/%zz", .invalidURL("http://h/%zz", reason: "bad %-escape in path")),
        ("http://h/a%2", .invalidURL("http://h/a%2", reason: "bad %-escape in path")),
        ("http://h/?q=%4", .invalidURL("http://h/?q=%4", reason: "bad %-escape in query")),
    ])
    func rejectsEverythingElseSayingWhy(text: String, error: HTTPClientError) {
        #expect(throws: error) { try HTTPURL(parsing: text) }
    }
}
