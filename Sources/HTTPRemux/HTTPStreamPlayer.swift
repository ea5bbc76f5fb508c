import Codec
import Core
import HTTP
import IO
import Live

/// One HTTP-FLV / TS / MP3 / AAC player: a consumer on the source whose batches become chunked
/// HTTP body pieces. The head is written only with the first media, as SRS does; a stream the
/// container cannot carry gets an HTTP error instead (`MuxerStart.refuse`).
final class HTTPStreamPlayer: ConsumerSink, DeferredTask, HTTPStreamSession {
    unowned let handler: HTTPStreamHandler
    unowned let http: HTTPConnection
    /// The socket, held directly: the per-packet path must not go through the unowned
    /// `http` reference (each access would be a slow-path retain/release).
    private let out: Connection
    let key: StreamKey
    let muxer: StreamMuxer
    private let cors: [(name: String, value: String)]
    private let chunked: Bool
    private let tcUrl: String
    private var source: LiveSource?
    private var consumer: Consumer?
    /// The consumer's drops, kept after it detached (the API and the exporter read them at removal).
    private var droppedAtStop: UInt64 = 0
    private var headSent = false
    /// An error response went out instead of the stream; nothing more is written.
    private var refused = false
    private var flushScheduled = false
    private var stopped = false
    /// What on_play was told (on_stop tells the same), nil when no hook ran.
    var hookSubject: HookSubject?

    init(handler: HTTPStreamHandler, connection: HTTPConnection, request: HTTPRequest, key: StreamKey,
         muxer: StreamMuxer, cors: [(name: String, value: String)]) {
        self.handler = handler
        http = connection
        out = connection.connection
        self.key = key
        self.muxer = muxer
        self.cors = cors
        // HTTP/1.0 has no chunked encoding: the body simply ends when the connection closes.
        chunked = request.version != .http10
        tcUrl = "http://\(request.host ?? "127.0.0.1")\(request.path)"
    }

    /// Attaches to the source with the vhost's play settings (nothing of the request or the
    /// settings is kept per player); `replacingGOP` (the audio fast cache) goes out instead of the GOP.
    func start(source: LiveSource, request: HTTPRequest, play: PlaySettings, replacingGOP replay: [MediaPacket]? = nil,
               startsAtLiveEdge: Bool = false) {
        self.source = source
        let asked = StreamRequest(key: key, tcUrl: tcUrl, param: request.rawQuery.isEmpty ? "" : "?" + request.rawQuery,
                                  host: request.hostName ?? "", clientIP: http.peerIP, format: muxer.requestFormat)
        consumer = source.attach(sink: self, settings: play, request: asked, replacingGOP: replay,
                                 startsAtLiveEdge: startsAtLiveEdge)
    }

    // MARK: ConsumerSink

    func consumerIsReady(_ consumer: Consumer) {
        guard !flushScheduled else { return }
        flushScheduled = true
        out.loop.schedule(self)
    }

    /// The scheduled batch write (`consumerIsReady`).
    func runDeferredTask() { flush() }

    func streamDidDrain() { flush() }

    func streamDidClose() { stop() }

    /// Writes queued media in batches: one chunked body piece (one `writev`) per batch.
    func flush() {
        flushScheduled = false
        guard !stopped, !refused, let consumer else { return }
        if !headSent {
            switch muxer.start(consumer.queued) {
            case .wait:
                // Keep the queue (metadata, sequence headers) and wait for the first real frame.
                consumer.rearm()
                return
            case .refuse(let reason):
                refuse(reason)
                return
            case .start:
                break
            }
        }
        var rounds = 0
        while !out.isWriteBlocked && !consumer.isEmpty && rounds < 8 {
            writeBatch(from: consumer)
            rounds += 1
            do {
                let drained = try out.flush()
                if let failure = muxer.failure {
                    // SRS compat: an encoder error ends the response without its last chunk.
                    close(reason: failure)
                    return
                }
                if !drained { return }
            } catch {
                out.close(error)
                return
            }
        }
    }

    /// The stream cannot be carried by this mount's container: `415 Unsupported Media Type`
    /// (with the reason in the log), then the connection closes.
    private func refuse(_ reason: String) {
        refused = true
        log.warn("http: \(muxer.contentType) player refused with 415, \(reason), stream_url=\(key.url)", cid: http.cid)
        http.respond(HTTPResponseHead.error(.unsupportedMediaType, keepAlive: false, extraHeaders: cors), keepAlive: false)
    }

    private func writeHead() {
        headSent = true
        var head = HTTPResponseHead(status: .ok)
        for (name, value) in cors { head.add(name, value) }
        head.setContentType(muxer.contentType)
        if chunked { head.setChunked() }
        head.setConnection(keepAlive: false)
        out.enqueueCopy(head.serialized())
    }

    /// One batch as one chunk: the body is queued first and the chunk-size line inserted in
    /// front of it once the size is known; a batch that produced no bytes writes nothing (a zero
    /// size line would end the response). The first batch also carries the response head and
    /// the container header.
    private func writeBatch(from consumer: Consumer) {
        var first: [MediaPacket] = []
        if !headSent {
            consumer.takeBorrowed { first.append($0) }
            writeHead()
        }
        let mark = out.markBoundary()
        let out = self.out, muxer = self.muxer
        var bodyBytes = 0
        if first.isEmpty {
            consumer.takeBorrowed { bodyBytes += muxer.write($0, to: out) }
        } else {
            bodyBytes += muxer.begin(first, to: out)
            for packet in first { bodyBytes += muxer.write(packet, to: out) }
        }
        bodyBytes += muxer.endBatch(to: out)
        guard chunked, bodyBytes > 0 else { return }
        out.insertCopy(HTTPChunked.header(bodyBytes), at: mark)
        out.enqueueCopy(HTTPChunked.trailer)
    }

    // MARK: ending

    func close(reason: String) {
        // A player that is leaving already (its departure may end an edge pull, which unpublishes).
        guard !stopped else { return }
        log.trace("http: close \(muxer.clientType), \(reason)", cid: http.cid)
        http.close()
    }

    private func stop() {
        guard !stopped else { return }
        stopped = true
        if let consumer, let source { source.detach(consumer) }
        droppedAtStop = consumer?.droppedMessages ?? 0
        consumer = nil
        source = nil
        handler.playerDidStop(self)
    }
}

extension HTTPStreamPlayer: StatClient {
    var clientID: ContextID { http.cid }
    var clientType: String? { muxer.clientType }
    var clientIP: String { http.peerIP }
    var clientStream: StreamKey? { key }
    var clientTcUrl: String { tcUrl }
    var clientPageUrl: String { "" }
    var clientSwfUrl: String { "" }
    var clientBytesSent: UInt64 { out.bytesSent }
    var clientBytesReceived: UInt64 { out.bytesReceived }
    var clientConnectedAt: Int64 { http.connectedAt }
    var clientDroppedMessages: UInt64 { consumer?.droppedMessages ?? droppedAtStop }
    var clientEndedWithError: Bool { out.closedWithError }

    func kick() { close(reason: "kicked off by the API") }
}
