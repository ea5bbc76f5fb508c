import API
import Testing

@Suite("Cluster bodies")
struct ClusterBodiesTests {
    @Test func clustersAnswerCarriesTheHTTPServerAfterSRSFields() {
        let query = ClusterQuery(ip: "10.0.0.2", vhost: "__defaultVhost__", app: "live", stream: "s")
        let origin = ClusterOrigin.resolve(listenHost: "0.0.0.0", listenPort: 19350, requestHost: "10.0.0.1", publicIP: "",
                                           apiListen: "9090", vhost: "__defaultVhost__", httpPort: 8080)
        #expect(APIBodies.clusters(query: query, origin: origin).encoded.hasSuffix(
            #""origin":{"ip":"10.0.0.1","port":19350,"vhost":"__defaultVhost__","api":"10.0.0.1:9090","routers":["10.0.0.1:9090"],"http":"10.0.0.1:8080"}}}"#))
        let v6 = ClusterOrigin.resolve(listenHost: "::", listenPort: 1935, requestHost: "::1", publicIP: "", apiListen: "1985",
                                       vhost: "v", httpPort: 8080)
        #expect(v6.http == "[::1]:8080")
        #expect(ClusterOrigin.resolve(listenHost: "", listenPort: 1, requestHost: "a", publicIP: "", apiListen: "1",
                                      vhost: "v").http == nil)
    }

    @Test func clusterWideStreamsTagEveryStreamWithItsNode() throws {
        let bodies = APIBodies(envelope: APIEnvelope(serverID: "vid-1", serviceID: "svc", pid: 7))
        let local: [JSONValue] = [["id": "vid-a", "name": "a"]]
        let peers: [(api: String, streams: [JSONValue]?, error: String)] = [
            (api: "10.0.0.2:1985", streams: [["id": "vid-b", "name": "b"]], error: ""),
            (api: "10.0.0.3:1985", streams: nil, error: "connect timed out"),
        ]
        let body = bodies.clusterStreams(local: local, peers: peers)
        #expect(body.encoded == #"{"code":0,"server":"vid-1","service":"svc","pid":"7","streams":[{"id":"vid-a","name":"a","api":"self"},{"id":"vid-b","name":"b","api":"10.0.0.2:1985"}],"coworkers":[{"api":"10.0.0.2:1985","ok":true,"streams":1,"error":""},{"api":"10.0.0.3:1985","ok":false,"streams":0,"error":"connect timed out"}]}"#)
    }

    @Test func edgeStreamsShowTheirUpstreamLast() {
        var stream = StreamSnapshot(id: "vid-1", name: "s", vhost: "vid-v", app: "live", tcUrl: "", url: "/live/s", liveMs: 1)
        #expect(!APIBodies.streamObject(stream).encoded.contains("upstream"))
        stream.upstream = UpstreamSnapshot(direction: "pull", state: "pulling", origin: "10.0.0.1:1935", bytes: 10,
                                           reconnects: 2, redirects: 1, lastError: "x")
        #expect(APIBodies.streamObject(stream).encoded.hasSuffix(
            #""audio":null,"upstream":{"direction":"pull","state":"pulling","origin":"10.0.0.1:1935","bytes":10,"reconnects":2,"redirects":1,"last_error":"x"}}"#))
    }
}
