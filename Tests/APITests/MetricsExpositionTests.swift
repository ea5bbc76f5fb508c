import API
import Testing

@Suite struct MetricsExpositionTests {
    static let build = MetricsSnapshot.Build(server: "vid-k21d7y2", service: "4s5x4k3v", pid: "7", major: "5",
                                             version: "5.0.216", code: "Bee", label: "cn-beijing", tag: "cn-edge")

    static func stream(_ name: String, vhost: String = "__defaultVhost__", upstream: UpstreamSnapshot? = nil) -> StreamSnapshot {
        var s = StreamSnapshot(id: "vid-" + name, name: name, vhost: "vid-v1", app: "live", tcUrl: "", url: "/live/" + name,
                               liveMs: 0, clients: 3, sendBytes: 1000, recvBytes: 500,
                               kbps: KbpsSnapshot(recv30s: 800, send30s: 1600), publishActive: true, upstream: upstream)
        s.vhostName = vhost
        s.players = 2
        s.droppedMessages = 4
        return s
    }

    static let snapshot = MetricsSnapshot(
        uname: UnameInfo(sysname: "Linux", nodename: "node-1", release: "6.1", version: "#1 SMP", machine: "x86_64"),
        build: build, cpuPercent: 12.5, memoryKB: 20480, sendBytes: 3000, recvBytes: 2000, streams: 1, clients: 3,
        clientsTotal: 10, clientErrors: 1, droppedMessages: 9, streamList: [stream("livestream")])

    static let srsFamilies = """
        # HELP srs_node_uname_info Labeled system information as provided by the uname system call.
        # TYPE srs_node_uname_info gauge
        srs_node_uname_info{sysname="Linux",nodename="node-1",release="6.1",version="#1 SMP",machine="x86_64"} 1
        # HELP srs_build_info A metric with a constant '1' value labeled by build_date, version from which SRS was built.
        # TYPE srs_build_info gauge
        srs_build_info{server="vid-k21d7y2",service="4s5x4k3v",pid="7",build_date="",major="5",version="5.0.216",code="Bee",label="cn-beijing",tag="cn-edge"} 1
        # HELP srs_cpu_percent SRS cpu used percent.
        # TYPE srs_cpu_percent gauge
        srs_cpu_percent 12.5
        # HELP srs_memory SRS memory used.
        # TYPE srs_memory gauge
        srs_memory 20480
        # HELP srs_send_bytes_total SRS total sent bytes.
        # TYPE srs_send_bytes_total counter
        srs_send_bytes_total 3000
        # HELP srs_receive_bytes_total SRS total received bytes.
        # TYPE srs_receive_bytes_total counter
        srs_receive_bytes_total 2000
        # HELP srs_streams The number of SRS concurrent streams.
        # TYPE srs_streams gauge
        srs_streams 1
        # HELP srs_clients The number of SRS concurrent clients.
        # TYPE srs_clients gauge
        srs_clients 3
        # HELP srs_clients_total The total counts of SRS clients.
        # TYPE srs_clients_total counter
        srs_clients_total 10
        # HELP srs_clients_errs_total The total errors of SRS clients.
        # TYPE srs_clients_errs_total counter
        srs_clients_errs_total 1
        # HELP srs_dropped_messages_total Media messages dropped for players that fell behind, since the start.
        # TYPE srs_dropped_messages_total counter
        srs_dropped_messages_total 9

        """

    static let streamFamilies = """
        # HELP srs_stream_clients Clients of the stream, publisher included (the API's clients).
        # TYPE srs_stream_clients gauge
        srs_stream_clients{vhost="__defaultVhost__",app="live",stream="livestream"} 3
        # HELP srs_stream_players Players of the stream (RTMP, HTTP-FLV, HTTP-TS, HLS sessions).
        # TYPE srs_stream_players gauge
        srs_stream_players{vhost="__defaultVhost__",app="live",stream="livestream"} 2
        # HELP srs_stream_publishing 1 while the stream has a publisher (or an edge pull), else 0.
        # TYPE srs_stream_publishing gauge
        srs_stream_publishing{vhost="__defaultVhost__",app="live",stream="livestream"} 1
        # HELP srs_stream_receive_bytes_total Bytes received for the stream.
        # TYPE srs_stream_receive_bytes_total counter
        srs_stream_receive_bytes_total{vhost="__defaultVhost__",app="live",stream="livestream"} 500
        # HELP srs_stream_send_bytes_total Bytes sent to the stream's players.
        # TYPE srs_stream_send_bytes_total counter
        srs_stream_send_bytes_total{vhost="__defaultVhost__",app="live",stream="livestream"} 1000
        # HELP srs_stream_receive_kbps Receive rate of the stream in kbit/s, 30 s average.
        # TYPE srs_stream_receive_kbps gauge
        srs_stream_receive_kbps{vhost="__defaultVhost__",app="live",stream="livestream"} 800
        # HELP srs_stream_send_kbps Send rate of the stream in kbit/s, 30 s average.
        # TYPE srs_stream_send_kbps gauge
        srs_stream_send_kbps{vhost="__defaultVhost__",app="live",stream="livestream"} 1600
        # HELP srs_stream_dropped_messages_total Media messages dropped for the stream's players that fell behind.
        # TYPE srs_stream_dropped_messages_total counter
        srs_stream_dropped_messages_total{vhost="__defaultVhost__",app="live",stream="livestream"} 4

        """

    static let emptyUpstreamFamilies = """
        # HELP srs_stream_upstream_state 1 for the state the edge stream's upstream is in (connecting, pulling, pushing, waiting, stopped), else 0.
        # TYPE srs_stream_upstream_state gauge
        # HELP srs_stream_upstream_info The origin the edge stream pulls from or pushes to, as a label.
        # TYPE srs_stream_upstream_info gauge
        # HELP srs_stream_upstream_bytes_total Bytes the edge stream's upstream carried.
        # TYPE srs_stream_upstream_bytes_total counter
        # HELP srs_stream_upstream_reconnects_total Upstream sessions of the edge stream after the first that were not a redirect (failovers, retries).
        # TYPE srs_stream_upstream_reconnects_total counter
        # HELP srs_stream_upstream_redirects_total RTMP redirects the edge stream's upstream followed.
        # TYPE srs_stream_upstream_redirects_total counter

        """

    @Test func aFixedSnapshotGivesExactlyTheseLines() {
        #expect(MetricsExposition.text(Self.snapshot) == Self.srsFamilies + Self.streamFamilies + Self.emptyUpstreamFamilies)
    }

    @Test func emptyLabelAndTagAreLeftOutOfTheBuildInfoAsSRSDoes() {
        var snapshot = Self.snapshot
        snapshot.build.label = ""
        snapshot.build.tag = ""
        snapshot.uname = nil
        let lines = MetricsExposition.text(snapshot).split(separator: "\n")
        #expect(lines.contains(#"srs_build_info{server="vid-k21d7y2",service="4s5x4k3v",pid="7",build_date="",major="5",version="5.0.216",code="Bee"} 1"#))
        #expect(!lines.contains { $0.contains("srs_node_uname_info") })
    }

    @Test func streamsAreOrderedByVhostAppAndNameAndTheirLabelsEscaped() {
        var snapshot = Self.snapshot
        snapshot.streamList = [Self.stream("b"), Self.stream("a\"1\\"), Self.stream("a", vhost: "z.com")]
        let lines = MetricsExposition.text(snapshot).split(separator: "\n").filter { $0.hasPrefix("srs_stream_players") }
        #expect(lines == [
            #"srs_stream_players{vhost="__defaultVhost__",app="live",stream="a\"1\\"} 2"#,
            #"srs_stream_players{vhost="__defaultVhost__",app="live",stream="b"} 2"#,
            #"srs_stream_players{vhost="z.com",app="live",stream="a"} 2"#,
        ])
    }

    @Test func anEdgeStreamHasOneStateSeriesPerStateAndItsUpstreamCounters() {
        let upstream = UpstreamSnapshot(direction: "pull", state: "pulling", origin: "10.0.0.1:1935", bytes: 12345,
                                        reconnects: 2, redirects: 1, lastError: "")
        var snapshot = Self.snapshot
        snapshot.streamList = [Self.stream("edge", upstream: upstream)]
        let text = MetricsExposition.text(snapshot)
        let upstreamLines = text.split(separator: "\n").filter { $0.hasPrefix("srs_stream_upstream") }.map(String.init)
        let series = #"vhost="__defaultVhost__",app="live",stream="edge",direction="pull""#
        #expect(upstreamLines == [
            "srs_stream_upstream_state{\(series),state=\"connecting\"} 0",
            "srs_stream_upstream_state{\(series),state=\"pulling\"} 1",
            "srs_stream_upstream_state{\(series),state=\"pushing\"} 0",
            "srs_stream_upstream_state{\(series),state=\"waiting\"} 0",
            "srs_stream_upstream_state{\(series),state=\"stopped\"} 0",
            "srs_stream_upstream_info{\(series),origin=\"10.0.0.1:1935\"} 1",
            "srs_stream_upstream_bytes_total{\(series)} 12345",
            "srs_stream_upstream_reconnects_total{\(series)} 2",
            "srs_stream_upstream_redirects_total{\(series)} 1",
        ])
    }

    @Test func everyFamilyIsAnnouncedOnceAndEverySampleBelongsToTheFamilyBeforeIt() {
        var snapshot = Self.snapshot
        let upstream = UpstreamSnapshot(direction: "push", state: "waiting", origin: "o:1935", bytes: 0, reconnects: 0,
                                        redirects: 0, lastError: "x")
        snapshot.streamList = [Self.stream("a"), Self.stream("b", upstream: upstream)]
        var current = ""
        var seen: Set<String> = []
        for line in MetricsExposition.text(snapshot).split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("# TYPE ") {
                current = String(words[2])
                #expect(seen.insert(current).inserted, "\(current) announced twice")
                #expect(["gauge", "counter"].contains(words[3]))
                #expect(words[3] == "counter" ? current.hasSuffix("_total") : !current.hasSuffix("_total"))
            } else if !line.hasPrefix("#") {
                let name = line.prefix { $0 != "{" && $0 != " " }
                #expect(String(name) == current, "\(line) outside its family")
            }
        }
    }
}
