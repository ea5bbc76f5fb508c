import Testing
@testable import Config

@Suite("Listen addresses")
struct ListenAddressTests {
    static let valid: [(text: String, host: String, port: UInt16, description: String)] = [
        ("1935", "0.0.0.0", 1935, "0.0.0.0:1935"),
        ("127.0.0.1:1935", "127.0.0.1", 1935, "127.0.0.1:1935"),
        ("0.0.0.0:65535", "0.0.0.0", 65535, "0.0.0.0:65535"),
        ("[::]:1935", "::", 1935, "[::]:1935"),
        ("[::1]:19350", "::1", 19350, "[::1]:19350"),
        ("[fe80::1:2]:1", "fe80::1:2", 1, "[fe80::1:2]:1"),
        ("::1:1935", "::1", 1935, "[::1]:1935"),
        ("+80", "0.0.0.0", 80, "0.0.0.0:80"),
    ]

    @Test("parses", arguments: valid)
    func parses(text: String, host: String, port: UInt16, description: String) throws {
        let address = try #require(ListenAddress(parsing: text))
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == description)
        #expect(address.isIPv6 == host.contains(":"))
    }

    static let invalid: [(text: String, reason: String)] = [
        ("0", "listen.port=0 is invalid"),
        ("65536", "listen.port=65536 is invalid"),
        ("-1", "listen.port=-1 is invalid"),
        ("abc", "listen.port=abc is invalid"),
        ("1935x", "listen.port=1935x is invalid"),
        ("", "listen.port= is invalid"),
        ("1.2.3.4:", "listen.port= is invalid"),
        (":1935", "listen.ip= is invalid"),
        ("localhost:1935", "listen.ip=localhost is invalid"),
        ("1.2.3.256:80", "listen.ip=1.2.3.256 is invalid"),
        ("[::1]", "listen.ip=[: is invalid"),
        ("[::1]x:80", "listen.ip=[::1]x is invalid"),
    ]

    @Test("rejects", arguments: invalid)
    func rejects(text: String, reason: String) {
        #expect(ListenAddress(parsing: text) == nil)
        #expect(ListenAddress.parse(text) == .invalid(reason))
    }

    @Test func bracketedIPv4IsAcceptedLikeSRS() {
        // SRS strips the brackets before checking, so [1.2.3.4]:80 is 1.2.3.4:80.
        #expect(ListenAddress(parsing: "[1.2.3.4]:80") == ListenAddress(host: "1.2.3.4", port: 80))
    }

    @Test func loadsEveryListenArgument() throws {
        let config = try Fixture.load("listen 1935 127.0.0.1:1936 [::]:1937;").config
        #expect(config.listen.map(\.description) == ["0.0.0.0:1935", "127.0.0.1:1936", "[::]:1937"])
    }

    @Test func requiresListen() {
        #expect(Fixture.errors("daemon off;") == ["main.conf: listen requires params"])
        #expect(Fixture.errors("\nlisten;") == ["main.conf:2: listen requires params"])
    }

    @Test func reportsEveryBadListenArgument() {
        #expect(Fixture.errors("listen 1935 x 0;") ==
                ["main.conf:1: listen.port=x is invalid", "main.conf:1: listen.port=0 is invalid"])
    }

    @Test func validatesHTTPListenAddresses() throws {
        let config = try Fixture.load("listen 1935;\nhttp_api { listen 127.0.0.1:1985; }\nhttp_server { listen [::]:8080; }").config
        #expect(config.httpAPI.listen == ListenAddress(host: "127.0.0.1", port: 1985))
        #expect(config.httpServer.listen == ListenAddress(host: "::", port: 8080))
        #expect(Fixture.errors("listen 1935;\nhttp_api {\n listen;\n}") == ["main.conf:3: http_api.listen requires params"])
        #expect(Fixture.errors("listen 1935;\nhttp_server { listen 99999; }") ==
                ["main.conf:2: http_server.listen.port=99999 is invalid"])
    }

    @Test func readsTheExporterAsAPortOrAnAddressWithItsLabels() throws {
        let config = try Fixture.load("listen 1935;\nexporter { enabled on; listen 9973; label cn-beijing; tag cn-edge; }").config
        #expect(config.exporter == ExporterConfig(enabled: true, listen: ListenAddress(host: "0.0.0.0", port: 9973),
                                                  label: "cn-beijing", tag: "cn-edge"))
        let bound = try Fixture.load("listen 1935;\nexporter { listen 127.0.0.1:9972; }").config
        #expect(bound.exporter.listen == ListenAddress(host: "127.0.0.1", port: 9972))
        #expect(bound.exporter.enabled == false)
        #expect(Fixture.errors("listen 1935;\nexporter { listen 0; }") == ["main.conf:2: exporter.listen.port=0 is invalid"])
    }
}
