import API
import Testing

@Suite struct StatsBodiesTests {
    let bodies = EndpointFixtures.bodies
    let envelope = EndpointFixtures.envelopeKeys
    static let streamKeys = [
        "id", "name", "vhost", "app", "tcUrl", "url", "live_ms", "clients", "frames", "send_bytes", "recv_bytes",
        "kbps", "publish", "video", "audio",
    ]
    static let clientKeys = [
        "id", "vhost", "stream", "ip", "pageUrl", "swfUrl", "tcUrl", "url", "name", "type", "publish", "alive",
        "send_bytes", "recv_bytes", "kbps", "dropped",
    ]

    @Test func vhostObjectsMatchSRSAndPrintFragmentOnlyWithHLS() {
        let withHLS = VhostSnapshot(id: "vid-2", name: "__defaultVhost__", clients: 1, streams: 1, hlsEnabled: true,
                                    hlsFragment: 10)
        let withoutHLS = VhostSnapshot(id: "vid-1", name: "other", hlsEnabled: false)
        let list = bodies.vhosts([withHLS, withoutHLS])
        #expect(list.keys == envelope + ["vhosts"])
        let items = list["vhosts"]?.arrayValue ?? []
        #expect(items.map { $0["id"]?.stringValue } == ["vid-1", "vid-2"], "map order of ids")
        #expect(items[1].keys == [
            "id", "name", "enabled", "clients", "streams", "send_bytes", "recv_bytes", "kbps", "hls",
        ])
        #expect(items[1].encoded == #"{"id":"vid-2","name":"__defaultVhost__","enabled":true,"clients":1,"streams":1,"send_bytes":0,"recv_bytes":0,"kbps":{"recv_30s":0,"send_30s":0},"hls":{"enabled":true,"fragment":10.00}}"#)
        #expect(items[0]["hls"] == ["enabled": false])

        let single = bodies.vhost(withHLS)
        #expect(single.keys == envelope + ["vhost"])
        #expect(single["vhost"] == items[1])
    }

    @Test func streamObjectsHaveSRS5KeysAndNestedShapes() {
        let body = bodies.stream(EndpointFixtures.stream)
        #expect(body.keys == envelope + ["stream"])
        let stream = body["stream"]
        #expect(stream?.keys == Self.streamKeys)
        #expect(stream?["kbps"]?.keys == ["recv_30s", "send_30s"])
        #expect(stream?["publish"] == ["active": true, "cid": "k9a3b2c1"])
        #expect(stream?["video"]?.keys == ["codec", "profile", "level", "width", "height"])
        #expect(stream?["audio"]?.keys == ["codec", "sample_rate", "channel", "profile"])
        #expect(stream?["video"]?.encoded == #"{"codec":"H264","profile":"High","level":"3.1","width":768,"height":320}"#)
    }

    @Test func aStreamWithoutMediaOrPublisherPrintsNullsAndNoCid() {
        var snapshot = EndpointFixtures.stream
        snapshot.video = nil
        snapshot.audio = nil
        snapshot.publishActive = false
        snapshot.publisherID = nil
        let stream = bodies.stream(snapshot)["stream"]
        #expect(stream?.keys == Self.streamKeys)
        #expect(stream?["video"] == .null)
        #expect(stream?["audio"] == .null)
        #expect(stream?["publish"] == ["active": false])
    }

    @Test func streamListsAreSortedByIdAndPaginated() {
        let streams = (0..<25).reversed().map { index -> StreamSnapshot in
            var s = EndpointFixtures.stream
            s.id = "vid-" + String(index + 100)
            return s
        }
        let firstPage = bodies.streams(streams, page: APIPagination(start: nil, count: nil))
        #expect(firstPage.keys == envelope + ["streams"])
        let ids = firstPage["streams"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == (100..<110).map { "vid-\($0)" })
        let lastPage = bodies.streams(streams, page: APIPagination(start: "20", count: "10"))
        #expect(lastPage["streams"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == (120..<125).map { "vid-\($0)" })
        let beyond = bodies.streams(streams, page: APIPagination(start: "99", count: "10"))
        #expect(beyond["streams"] == .array([]))
    }

    @Test func clientObjectsHaveSRS5KeysAndAliveWithTwoDecimals() {
        let body = bodies.client(EndpointFixtures.client("a1b2c3d4"))
        #expect(body.keys == envelope + ["client"])
        #expect(body["client"]?.keys == Self.clientKeys)
        #expect(body["client", "alive"]?.encoded == "12.35")
        #expect(body["client", "publish"] == true)
        #expect(body["client", "dropped"] == .int(5), "beyond SRS, after its fields")

        let list = bodies.clients(["zz", "aa", "mm"].map(EndpointFixtures.client), page: APIPagination(start: "1", count: "0"))
        #expect(list.keys == envelope + ["clients"])
        #expect(list["clients"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["mm", "zz"])
    }

    @Test func clustersCarryQueryAndOriginWithoutEnvelopeIds() {
        let query = ClusterQuery(ip: "10.0.0.2", vhost: "__defaultVhost__", app: "live", stream: "livestream")
        let origin = ClusterOrigin(ip: "10.0.0.1", port: 19350, vhost: "__defaultVhost__", api: "10.0.0.1:9090",
                                   routers: ["10.0.0.1:9090"])
        let body = APIBodies.clusters(query: query, origin: origin)
        #expect(body.encoded == #"{"code":0,"data":{"query":{"ip":"10.0.0.2","vhost":"__defaultVhost__","app":"live","stream":"livestream"},"origin":{"ip":"10.0.0.1","port":19350,"vhost":"__defaultVhost__","api":"10.0.0.1:9090","routers":["10.0.0.1:9090"]}}}"#)
        let none = APIBodies.clusters(query: query, origin: nil)
        #expect(none["data", "origin"] == .null)
        #expect(none.keys == ["code", "data"])
    }

    @Test func clusterOriginPicksTheAdvertisedIPLikeSRS() {
        let explicit = ClusterOrigin.resolve(listenHost: "10.0.0.1", listenPort: 19350, requestHost: "1.2.3.4",
                                             publicIP: "9.9.9.9", apiListen: "9090", vhost: "v")
        #expect(explicit == ClusterOrigin(ip: "10.0.0.1", port: 19350, vhost: "v", api: "10.0.0.1:9090",
                                          routers: ["10.0.0.1:9090"]))
        for host in ["", "0.0.0.0", "127.0.0.1", "::"] {
            let viaRequest = ClusterOrigin.resolve(listenHost: host, listenPort: 1935, requestHost: "1.2.3.4",
                                                   publicIP: "9.9.9.9", apiListen: "1985", vhost: "v")
            #expect(viaRequest.ip == "1.2.3.4")
            #expect(viaRequest.api == "1.2.3.4:1985")
        }
        let viaPublic = ClusterOrigin.resolve(listenHost: "", listenPort: 1935, requestHost: "", publicIP: "9.9.9.9",
                                              apiListen: "127.0.0.1:1985", vhost: "v")
        #expect(viaPublic.ip == "9.9.9.9")
        #expect(viaPublic.api == "127.0.0.1:1985")
    }
}
