import Testing
@testable import Config

/// `http_api { https {} }` and `http_server { https {} }` (SRS 5): defaults, parsing, the shared
/// port default, the schema, the environment and the reload diff.
@Suite("HTTPS config")
struct HTTPSConfigTests {
    private func config(_ text: String) throws -> ServerConfig { try Fixture.load(text).config }

    @Test func defaultsFollowSRS() throws {
        let config = try config("listen 1935;")
        #expect(config.httpAPI.https == HTTPSConfig(enabled: false, listen: ListenAddress(port: 1990),
                                                   key: "./conf/server.key", cert: "./conf/server.crt"))
        #expect(config.httpServer.https == HTTPSConfig(enabled: false, listen: ListenAddress(port: 8088),
                                                      key: "./conf/server.key", cert: "./conf/server.crt"))
    }

    /// Config text, then the expected `http_api.https` and `http_server.https`.
    static let cases: [(String, HTTPSConfig, HTTPSConfig)] = [
        ("http_api { enabled on; https { enabled on; } }",
         HTTPSConfig(enabled: true, listen: ListenAddress(port: 1990), key: "./conf/server.key", cert: "./conf/server.crt"),
         .defaults(port: 8088)),
        ("http_api { https { enabled on; listen 127.0.0.1:1443; key a.key; cert a.crt; } }",
         HTTPSConfig(enabled: true, listen: ListenAddress(host: "127.0.0.1", port: 1443), key: "a.key", cert: "a.crt"),
         .defaults(port: 8088)),
        ("http_server { https { enabled on; listen 8443; key s.key; cert s.crt; } }",
         .defaults(port: 1990),
         HTTPSConfig(enabled: true, listen: ListenAddress(port: 8443), key: "s.key", cert: "s.crt")),
        // SRS compat: the plain API on the HTTP server's port makes the HTTPS API default to the
        // HTTPS server's listen.
        ("http_api { listen 8080; https { enabled on; } } http_server { listen 8080; https { enabled on; listen 8443; } }",
         HTTPSConfig(enabled: true, listen: ListenAddress(port: 8443), key: "./conf/server.key", cert: "./conf/server.crt"),
         HTTPSConfig(enabled: true, listen: ListenAddress(port: 8443), key: "./conf/server.key", cert: "./conf/server.crt")),
        ("http_api { listen 8080; } http_server { listen 8080; }", .defaults(port: 8088), .defaults(port: 8088)),
        // ...unless the HTTPS API says where.
        ("http_api { listen 8080; https { listen 1443; } } http_server { listen 8080; }",
         HTTPSConfig(enabled: false, listen: ListenAddress(port: 1443), key: "./conf/server.key", cert: "./conf/server.crt"),
         .defaults(port: 8088)),
        ("http_api { https { enabled yes; } }", .defaults(port: 1990), .defaults(port: 8088)),
    ]

    @Test(arguments: cases.indices)
    func parsesEachForm(index: Int) throws {
        let (text, api, server) = Self.cases[index]
        let config = try config("listen 1935;\n" + text)
        #expect(config.httpAPI.https == api, "\(text)")
        #expect(config.httpServer.https == server, "\(text)")
    }

    @Test(arguments: [
        ("listen 1935;\nhttp_api { https {\n foo on; } }", "main.conf:3: illegal http_api.https.foo"),
        ("listen 1935;\nhttp_server { https {\n listen 99999; } }", "main.conf:3: http_server.https.listen.port=99999 is invalid"),
        ("listen 1935;\nhttp_server { https {\n listen; } }", "main.conf:3: http_server.https.listen requires params"),
        ("listen 1935;\nhttp_api { https {\n listen a.b.c:1990; } }", "main.conf:3: http_api.https.listen.ip=a.b.c is invalid"),
    ])
    func rejectsBadDirectives(text: String, expected: String) {
        #expect(Fixture.errors(text) == [expected])
    }

    @Test func theEnvironmentSetsEveryDirective() throws {
        let config = try ConfigLoader.loadEnvironmentOnly([
            "SRS_HTTP_API_HTTPS_ENABLED": "on", "SRS_HTTP_API_HTTPS_LISTEN": "1991",
            "SRS_HTTP_API_HTTPS_KEY": "/tls/tls.key", "SRS_HTTP_API_HTTPS_CERT": "/tls/tls.crt",
            "SRS_HTTP_SERVER_HTTPS_ENABLED": "on", "SRS_HTTP_SERVER_HTTPS_LISTEN": "127.0.0.1:8089",
            "SRS_HTTP_SERVER_HTTPS_KEY": "/k", "SRS_HTTP_SERVER_HTTPS_CERT": "/c",
        ]).config
        #expect(config.httpAPI.https == HTTPSConfig(enabled: true, listen: ListenAddress(port: 1991),
                                                   key: "/tls/tls.key", cert: "/tls/tls.crt"))
        #expect(config.httpServer.https == HTTPSConfig(enabled: true, listen: ListenAddress(host: "127.0.0.1", port: 8089),
                                                      key: "/k", cert: "/c"))
        #expect(!EnvironmentTable.notImplemented.contains("SRS_HTTP_API_HTTPS_ENABLED"))
    }

    @Test(arguments: [
        ("http_api { https { enabled on; } }", "http_api https"),
        ("http_api { https { listen 1991; } }", "http_api https"),
        ("http_server { https { enabled on; } }", "http_server https"),
        ("http_server { https { cert other.crt; } }", "http_server https"),
        ("http_server { https { key other.key; } }", "http_server https"),
        ("http_server { dir ./html; }", "http_server"),
    ])
    func httpsChangesAreInTheReloadDiff(text: String, summary: String) throws {
        let old = try config("listen 1935;")
        let diff = ConfigDiff(old: old, new: try config("listen 1935;\n" + text))
        #expect(diff.summary == summary)
        #expect(diff.httpsChanged == summary.hasSuffix("https"))
        #expect(ConfigDiff(old: old, new: old).httpsChanged == false)
    }
}
