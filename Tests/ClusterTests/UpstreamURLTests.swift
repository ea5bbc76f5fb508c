import Live
import Testing
@testable import Cluster

@Suite("Upstream URL")
struct UpstreamURLTests {
    static func request(vhost: String = StreamKey.defaultVhost, param: String = "", host: String = "127.0.0.1") -> StreamRequest {
        StreamRequest(key: StreamKey(vhost: vhost, app: "live", stream: "livestream"), tcUrl: "rtmp://\(host)/live",
                      param: param, host: host, clientIP: "127.0.0.1", format: .rtmp)
    }

    @Test(arguments: [
        // SRS srs_generate_stream_with_query: vhost= unless default vhost and an IPv4 client host.
        ("", StreamKey.defaultVhost, "127.0.0.1", ""),
        ("?token=1", StreamKey.defaultVhost, "127.0.0.1", "?token=1"),
        ("", StreamKey.defaultVhost, "live.example.com", "?vhost=live.example.com"),
        ("?token=1", "v.example", "127.0.0.1", "?token=1&vhost=v.example"),
        ("?vhost=mine&token=1", "v.example", "127.0.0.1", "?vhost=mine&token=1"),
        ("", "v.example", "127.0.0.1", "?vhost=v.example"),
    ])
    func query(param: String, vhost: String, host: String, expected: String) {
        #expect(UpstreamURL.query(param: param, vhost: vhost, clientHost: host) == expected)
    }

    @Test func rtmpURLUsesTheOriginAndKeepsAppAndStream() {
        let url = UpstreamURL(origin: OriginEndpoint(host: "10.0.0.2", port: 19350),
                              request: Self.request(param: "?token=abc"), upstreamVhost: StreamKey.defaultVhost)
        #expect(url.tcUrl == "rtmp://10.0.0.2:19350/live")
        #expect(url.app == "live" && url.stream == "livestream?token=abc")
    }

    @Test func ipv6OriginIsBracketed() {
        let url = UpstreamURL(origin: OriginEndpoint(host: "::1", port: 1935), request: Self.request(), upstreamVhost: "__defaultVhost__")
        #expect(url.tcUrl == "rtmp://[::1]:1935/live")
    }

    @Test func flvURL() {
        let url = UpstreamURL.flv(origin: OriginEndpoint(host: "10.0.0.2", port: 8080), request: Self.request(vhost: "v"),
                                  upstreamVhost: "v", secure: false)
        #expect(url == "http://10.0.0.2:8080/live/livestream.flv?vhost=v")
    }

    @Test func vhostTemplate() {
        let settings = EdgeSettings(vhost: "edge.example", origins: [], vhostTemplate: "origin-[vhost]")
        #expect(settings.upstreamVhost == "origin-edge.example")
        #expect(EdgeSettings(vhost: "a", origins: []).upstreamVhost == "a")
    }
}
