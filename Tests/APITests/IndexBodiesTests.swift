import API
import Testing

@Suite struct IndexBodiesTests {
    let bodies = EndpointFixtures.bodies
    let envelope = EndpointFixtures.envelopeKeys

    @Test func rootListsTheAPIAndRTCURLs() {
        let body = bodies.rootIndex()
        #expect(body.keys == envelope + ["urls"])
        #expect(body["urls"]?.keys == ["api", "rtc"])
        #expect(body["urls", "rtc", "v1"]?.keys == ["play", "publish", "nack"])
        #expect(body["urls", "api"] == "the api root")
    }

    @Test func apiIndexListsVersionOne() {
        let body = bodies.apiIndex()
        #expect(body.keys == envelope + ["urls"])
        #expect(body["urls"] == ["v1": "the api version 1.0"])
    }

    @Test func v1IndexListsEveryURLAndTestsBesideURLs() {
        let body = bodies.v1Index()
        #expect(body.keys == envelope + ["urls", "tests"])
        #expect(body["urls"]?.keys == [
            "versions", "summaries", "rusages", "self_proc_stats", "system_proc_stats", "meminfos", "authors",
            "features", "requests", "vhosts", "streams", "clients", "raw", "clusters", "perf", "tcmalloc",
        ])
        #expect(body["tests"]?.keys == ["requests", "errors", "redirects", "[vhost]"])
        #expect(body["urls", "clients"] == "manage all clients or specified client, default query top 10 clients")
    }

    @Test func authorsAndFeaturesHaveSRSKeys() {
        let authors = bodies.authors()
        #expect(authors.keys == envelope + ["data"])
        #expect(authors["data"]?.keys == ["license", "contributors"])
        #expect(authors["data", "license"] == "MIT")

        let features = bodies.features(FeaturesSnapshot(options: "--x", options2: "--y", build: "d", build2: "t"))
        #expect(features["data"]?.keys == ["options", "options2", "build", "build2", "features"])
        #expect(features["data", "features"]?.keys == [
            "ssl", "hls", "hds", "callback", "api", "httpd", "dvr", "transcode", "ingest", "stat", "caster",
            "complex_send", "tcp_nodelay", "so_sendbuf", "mr",
        ])
        #expect(features["data", "features", "hds"] == false)
        #expect(features["data", "features", "mr"] == true)
        // What does not run here is not advertised.
        #expect(features["data", "features", "transcode"] == false && features["data", "features", "caster"] == false)
        #expect(features["data", "features", "callback"] == true && features["data", "features", "dvr"] == true)
    }
}
