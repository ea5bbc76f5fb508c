import Live
import Testing
@testable import Cluster

@Suite("Cluster answers")
struct ClusterAnswerTests {
    static func parse(_ status: Int, _ text: String) throws -> ClusterAnswer? {
        try ClusterAnswer.parse(status: status, body: Array(text.utf8))
    }

    @Test func readsTheOriginOfAnSRSAnswer() throws {
        let srs = #"{"code":0,"data":{"query":{"ip":"10.0.0.2","vhost":"__defaultVhost__","app":"live","stream":"s"},"origin":{"ip":"10.0.0.1","port":19350,"vhost":"__defaultVhost__","api":"10.0.0.1:9090","routers":["10.0.0.1:9090"]}}}"#
        #expect(try Self.parse(200, srs) == ClusterAnswer(ip: "10.0.0.1", port: 19350, vhost: "__defaultVhost__"))
        let ours = srs.replacingOccurrences(of: #""routers":["10.0.0.1:9090"]"#, with: #""routers":[],"http":"10.0.0.1:8080""#)
        #expect(try Self.parse(201, ours)?.http == "10.0.0.1:8080")
    }

    @Test(arguments: [
        #"{"code":0,"data":{"origin":null}}"#,
        #"{"code":0,"data":{}}"#,
        #"{"code":0,"data":{"origin":{"ip":"","port":1935}}}"#,
        #"{"code":0,"data":{"origin":{"ip":"1.2.3.4","port":0}}}"#,
        #"{"code":0,"data":{"origin":{"ip":"1.2.3.4","port":"1935"}}}"#,
    ])
    func noUsableOriginIsNoAnswer(text: String) throws {
        #expect(try Self.parse(200, text) == nil)
    }

    @Test(arguments: [
        (500, #"{"code":0}"#),
        (404, ""),
        (200, "0 but not json"),
        (200, "[]"),
        (200, #"{"code":1}"#),
        (200, #"{"data":{}}"#),
    ])
    func brokenAnswersFail(status: Int, text: String) {
        #expect(throws: (any Error).self) { try Self.parse(status, text) }
    }

    static let request = StreamRequest(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "s"),
                                       tcUrl: "rtmp://127.0.0.1/live", param: "?token=1", host: "127.0.0.1",
                                       clientIP: "127.0.0.1", format: .rtmp)

    @Test func rtmpRedirectIsTheFullURLWithTheClientQuery() {
        let answer = ClusterAnswer(ip: "10.0.0.3", port: 19352, vhost: StreamKey.defaultVhost)
        #expect(OriginClusterService.rtmpRedirect(answer, request: Self.request) == "rtmp://10.0.0.3:19352/live/s?token=1")
        let named = ClusterAnswer(ip: "::1", port: 1935, vhost: "v.example")
        #expect(OriginClusterService.rtmpRedirect(named, request: Self.request) == "rtmp://[::1]:1935/live/s?token=1&vhost=v.example")
    }

    @Test func httpRedirectNeedsTheCoworkersHTTPServer() {
        let answer = ClusterAnswer(ip: "10.0.0.3", port: 19352, vhost: StreamKey.defaultVhost, http: "10.0.0.3:8080")
        #expect(OriginClusterService.httpRedirect(answer, target: "/live/s.flv?k=v") == "http://10.0.0.3:8080/live/s.flv?k=v")
        #expect(OriginClusterService.httpRedirect(ClusterAnswer(ip: "a", port: 1, vhost: "v"), target: "/x") == nil)
    }
}
