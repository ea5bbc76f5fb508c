/// The `/metrics` body: SRS 5's families (`SrsGoApiMetrics`, same names, HELP lines and labels) in
/// SRS's order, then ours, all prefixed `srs_` (docs/metrics.md lists them).
public enum MetricsExposition {
    /// Every state an upstream can be in; `srs_stream_upstream_state` has one series per state.
    public static let upstreamStates = ["connecting", "pulling", "pushing", "waiting", "stopped"]

    public static func text(_ m: MetricsSnapshot) -> String {
        var out = PrometheusText(reservingCapacity: 2048 + m.streamList.count * 2048)
        srsFamilies(m, &out)
        streamFamilies(m.streamList.sorted(by: precedes), &out)
        return out.text
    }

    /// SRS compat: SRS 5's ten families, then our server-wide drop counter.
    private static func srsFamilies(_ m: MetricsSnapshot, _ out: inout PrometheusText) {
        if let u = m.uname {
            out.family("srs_node_uname_info", .gauge, help: "Labeled system information as provided by the uname system call.")
            out.sample("srs_node_uname_info", Int64(1), labels: [
                ("sysname", u.sysname), ("nodename", u.nodename), ("release", u.release), ("version", u.version),
                ("machine", u.machine),
            ])
        }
        let b = m.build
        var build = [("server", b.server), ("service", b.service), ("pid", b.pid), ("build_date", b.buildDate),
                     ("major", b.major), ("version", b.version), ("code", b.code)]
        if !b.label.isEmpty { build.append(("label", b.label)) }
        if !b.tag.isEmpty { build.append(("tag", b.tag)) }
        out.family("srs_build_info", .gauge,
                   help: "A metric with a constant '1' value labeled by build_date, version from which SRS was built.")
        out.sample("srs_build_info", Int64(1), labels: build)
        out.family("srs_cpu_percent", .gauge, help: "SRS cpu used percent.")
        out.sample("srs_cpu_percent", m.cpuPercent)
        out.family("srs_memory", .gauge, help: "SRS memory used.")
        out.sample("srs_memory", m.memoryKB)
        out.family("srs_send_bytes_total", .counter, help: "SRS total sent bytes.")
        out.sample("srs_send_bytes_total", m.sendBytes)
        out.family("srs_receive_bytes_total", .counter, help: "SRS total received bytes.")
        out.sample("srs_receive_bytes_total", m.recvBytes)
        out.family("srs_streams", .gauge, help: "The number of SRS concurrent streams.")
        out.sample("srs_streams", m.streams)
        out.family("srs_clients", .gauge, help: "The number of SRS concurrent clients.")
        out.sample("srs_clients", m.clients)
        out.family("srs_clients_total", .counter, help: "The total counts of SRS clients.")
        out.sample("srs_clients_total", m.clientsTotal)
        out.family("srs_clients_errs_total", .counter, help: "The total errors of SRS clients.")
        out.sample("srs_clients_errs_total", m.clientErrors)
        out.family("srs_dropped_messages_total", .counter,
                   help: "Media messages dropped for players that fell behind, since the start.")
        out.sample("srs_dropped_messages_total", m.droppedMessages)
    }

    /// Beyond SRS: one series per stream (labels `vhost`, `app`, `stream`), and per edge stream
    /// its upstream.
    private static func streamFamilies(_ streams: [StreamSnapshot], _ out: inout PrometheusText) {
        let labels = streams.map { [("vhost", $0.vhostName), ("app", $0.app), ("stream", $0.name)] }
        func family(_ name: String, _ type: PrometheusText.MetricType, _ help: String, _ value: (StreamSnapshot) -> Int64) {
            out.family(name, type, help: help)
            for (stream, series) in zip(streams, labels) { out.sample(name, value(stream), labels: series) }
        }
        family("srs_stream_clients", .gauge, "Clients of the stream, publisher included (the API's clients).") { $0.clients }
        family("srs_stream_players", .gauge, "Players of the stream (RTMP, HTTP-FLV, HTTP-TS, HLS sessions).") { $0.players }
        family("srs_stream_publishing", .gauge, "1 while the stream has a publisher (or an edge pull), else 0.") {
            $0.publishActive ? 1 : 0
        }
        family("srs_stream_receive_bytes_total", .counter, "Bytes received for the stream.") { $0.recvBytes }
        family("srs_stream_send_bytes_total", .counter, "Bytes sent to the stream's players.") { $0.sendBytes }
        family("srs_stream_receive_kbps", .gauge, "Receive rate of the stream in kbit/s, 30 s average.") {
            Int64($0.kbps.recv30s)
        }
        family("srs_stream_send_kbps", .gauge, "Send rate of the stream in kbit/s, 30 s average.") { Int64($0.kbps.send30s) }
        family("srs_stream_dropped_messages_total", .counter,
               "Media messages dropped for the stream's players that fell behind.") { $0.droppedMessages }
        upstreamFamilies(Array(zip(streams, labels)), &out)
    }

    private static func upstreamFamilies(_ rows: [(StreamSnapshot, [(String, String)])], _ out: inout PrometheusText) {
        let edges = rows.compactMap { row in row.0.upstream.map { ($0, row.1 + [("direction", $0.direction)]) } }
        out.family("srs_stream_upstream_state", .gauge,
                   help: "1 for the state the edge stream's upstream is in (connecting, pulling, pushing, waiting, stopped), else 0.")
        for (upstream, series) in edges {
            let states = upstreamStates.contains(upstream.state) ? upstreamStates : upstreamStates + [upstream.state]
            for state in states {
                out.sample("srs_stream_upstream_state", Int64(state == upstream.state ? 1 : 0), labels: series + [("state", state)])
            }
        }
        out.family("srs_stream_upstream_info", .gauge, help: "The origin the edge stream pulls from or pushes to, as a label.")
        for (upstream, series) in edges {
            out.sample("srs_stream_upstream_info", Int64(1), labels: series + [("origin", upstream.origin)])
        }
        out.family("srs_stream_upstream_bytes_total", .counter, help: "Bytes the edge stream's upstream carried.")
        for (upstream, series) in edges { out.sample("srs_stream_upstream_bytes_total", upstream.bytes, labels: series) }
        out.family("srs_stream_upstream_reconnects_total", .counter,
                   help: "Upstream sessions of the edge stream after the first that were not a redirect (failovers, retries).")
        for (upstream, series) in edges { out.sample("srs_stream_upstream_reconnects_total", upstream.reconnects, labels: series) }
        out.family("srs_stream_upstream_redirects_total", .counter, help: "RTMP redirects the edge stream's upstream followed.")
        for (upstream, series) in edges { out.sample("srs_stream_upstream_redirects_total", upstream.redirects, labels: series) }
    }

    /// Streams in vhost, app, name order (the output does not depend on the API's random ids).
    private static func precedes(_ a: StreamSnapshot, _ b: StreamSnapshot) -> Bool {
        (a.vhostName, a.app, a.name) < (b.vhostName, b.app, b.name)
    }
}
