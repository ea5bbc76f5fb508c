import API
import Core
import HTTP
import HTTPRemux
#if canImport(Glibc)
import Glibc
#endif

/// The Prometheus exporter (`GET /metrics`), built from the figures the API already keeps: the
/// 3-second samples of `/proc` and the server's bytes, the stream and client lists.
extension APIService {
    /// KB per `/proc/self/stat` rss page (SRS assumes 4).
    private static let pageKB = Int64(max(1, sysconf(Int32(_SC_PAGESIZE)) / 1024))

    /// Everything `/metrics` reports, now: `all` is the process's streams and totals.
    func metricsSnapshot(_ all: WorkerStats) -> MetricsSnapshot {
        let streams = all.streams, totals = all.totals
        let envelope = bodies.envelope
        let build = MetricsSnapshot.Build(
            server: envelope.serverID, service: envelope.serviceID, pid: String(envelope.pid),
            buildDate: FeaturesSnapshot().build, major: String(ServerVersion.major), version: ServerVersion.string,
            code: ServerVersion.codeName, label: exporter.label, tag: exporter.tag)
        let selfProc = system.selfProc
        return MetricsSnapshot(
            uname: UnameInfo.current(), build: build, cpuPercent: selfProc.percent * 100,
            memoryKB: selfProc.stat.rss * Self.pageKB, sendBytes: totals.sendBytes,
            recvBytes: totals.recvBytes, streams: Int64(streams.count), clients: totals.clients,
            clientsTotal: totals.clientsAdded, clientErrors: totals.clientErrors,
            droppedMessages: totals.droppedMessages, streamList: streams)
    }

    /// `/metrics` on the exporter's listener: the text exposition format 0.0.4, gzip when accepted.
    func serveMetrics(_ request: HTTPRequest, _ connection: HTTPConnection) {
        withProcessStats([.streams, .totals], request, connection) { [unowned self] all, request in
            respondMetrics(all, request, connection)
        }
    }

    private func respondMetrics(_ all: WorkerStats, _ request: HTTPRequest, _ connection: HTTPConnection) {
        var body = Array(MetricsExposition.text(metricsSnapshot(all)).utf8)
        var headers = server.cors(request)
        if body.count > 512, Gzip.acceptsGzip(request), let compressed = try? Gzip.compress(body) {
            // Optional: the plain body is sent when zlib fails.
            body = compressed
            headers.append(("Content-Encoding", "gzip"))
        }
        connection.respond(HTTPResponseHead.complete(status: .ok, contentType: PrometheusText.contentType, body: body,
                                                     keepAlive: request.keepAlive, extraHeaders: headers,
                                                     omitBody: request.isHead),
                           keepAlive: request.keepAlive)
    }

    /// SRS compat: `/metrics` on the API's listener is the same body while the exporter is on,
    /// else `{"code":1090}` (ERROR_EXPORTER_DISABLED).
    func metricsOnAPI(_ request: HTTPRequest, _ connection: HTTPConnection) {
        guard exporter.enabled else {
            return reply(APIEnvelope.error(code: SRSErrorCode.exporterDisabled), request, connection)
        }
        serveMetrics(request, connection)
    }
}
