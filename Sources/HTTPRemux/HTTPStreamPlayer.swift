import Codec
import Core
import HTTP
import IO
import Live

/// One HTTP-FLV / HTTP-TS player: a consumer on the source whose batches become chunked HTTP
/// body pieces. The head is written only with the first media, as SRS does.
final class HTTPStreamPlayer: ConsumerSink, HTTPStreamSession, StreamSink {
    unowned let handler: HTTPStreamHandler
    unowned let http: HTTPConnection
    let key: StreamKey
    let muxer: StreamMuxer
    let settings: RemuxSettings
    private let cors: [(name: String, value: String)]
    private let chunked: Bool
    private let tcUrl: String
    private var source: LiveSource?
    private var consumer: Consumer?
    private var headSent = false
    private var flushScheduled = false
    private var batch: [MediaPacket] = []
    private var stopped = false

    init(handler: HTTPStreamHandler, connection: HTTPConnection, request: HTTPRequest, key: StreamKey,
         muxer: StreamMuxer, settings: RemuxSettings, cors: [(name: String, value: String)]) {
        self.handler = handler
        http = connection
        self.key = key
        self.muxer = muxer
        self.settings = settings
        self.cors = cors
        // HTTP/1.0 has no chunked encoding: the body simply ends when the connection closes.
        chunked = request.version != .http10
        tcUrl = "http://\(request.host ?? "127.0.0.1")\(request.path)"
        batch.reserveCapacity(Consumer.maxBatch)
    }

    func start(source: LiveSource) {
        self.source = source
        consumer = source.attach(sink: self, settings: settings.play)
    }

    // MARK: ConsumerSink

    func consumerIsReady(_ consumer: Consumer) {
        guard !flushScheduled else { return }
        flushScheduled = true
        http.server.loop.deferToIterationEnd { [weak self] in self?.flush() }
    }

    func streamDidDrain() { flush() }

    func streamDidClose() { stop() }

    /// Writes queued media in batches: one chunked body piece (one `writev`) per batch.
    func flush() {
        flushScheduled = false
        guard !stopped, let consumer else { return }
        if !headSent && !muxer.readyToStart(Array(consumer.queue)) {
            // Keep the queue (metadata, sequence headers) and wait for the first real frame.
            consumer.rearm()
            return
        }
        var rounds = 0
        while !http.connection.isWriteBlocked && !consumer.isEmpty && rounds < 8 {
            batch.removeAll(keepingCapacity: true)
            consumer.take { batch.append($0) }
            if !headSent { writeHead() }
            writeBody(batch)
            rounds += 1
            if !http.flush() { return }
        }
    }

    private func writeHead() {
        headSent = true
        var head = HTTPResponseHead(status: .ok)
        for (name, value) in cors { head.add(name, value) }
        head.setContentType(muxer.contentType)
        if chunked { head.setChunked() }
        head.setConnection(keepAlive: false)
        http.connection.enqueueCopy(head.serialized())
    }

    /// The batch as one chunk whose size line is patched in place once the size is known
    /// (fixed-width hex with leading zeros is valid chunk-size syntax, RFC 9112 §7.1).
    private func writeBody(_ packets: [MediaPacket]) {
        var sizeLine: UnsafeMutableRawPointer?
        if chunked {
            http.connection.enqueueWriting(capacity: 10) { pointer in
                sizeLine = pointer
                return HTTPStreamPlayer.writeChunkSize(0, into: pointer)
            }
        }
        bodyBytes = 0
        muxer.write(packets, to: self)
        if chunked, let sizeLine {
            _ = HTTPStreamPlayer.writeChunkSize(bodyBytes, into: sizeLine)
            http.connection.enqueueWriting(capacity: 2) { pointer in
                pointer.storeBytes(of: 0x0A0D as UInt16, as: UInt16.self)  // "\r\n"
                return 2
            }
        }
    }

    private var bodyBytes = 0

    /// `XXXXXXXX\r\n`: eight hex digits.
    static func writeChunkSize(_ size: Int, into p: UnsafeMutableRawPointer) -> Int {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        for i in 0..<8 {
            p.storeBytes(of: digits[(size >> ((7 - i) * 4)) & 0xF], toByteOffset: i, as: UInt8.self)
        }
        p.storeBytes(of: 0x0D as UInt8, toByteOffset: 8, as: UInt8.self)
        p.storeBytes(of: 0x0A as UInt8, toByteOffset: 9, as: UInt8.self)
        return 10
    }

    // MARK: StreamSink

    func writeCopy(capacity: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        var written = 0
        http.connection.enqueueWriting(capacity: capacity) { pointer in
            written = body(pointer)
            return written
        }
        bodyBytes += written
    }

    func writeShared(_ bytes: SharedBytes, offset: Int, count: Int) {
        http.connection.enqueue(bytes, offset: offset, count: count)
        bodyBytes += count
    }

    // MARK: ending

    func close(reason: String) {
        log.trace("http: close \(muxer.clientType), \(reason)", cid: http.cid)
        http.close()
    }

    private func stop() {
        guard !stopped else { return }
        stopped = true
        if let consumer, let source { source.detach(consumer) }
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
    var clientBytesSent: UInt64 { http.connection.bytesSent }
    var clientBytesReceived: UInt64 { http.connection.bytesReceived }
    var clientConnectedAt: Int64 { http.connectedAt }
    var clientDroppedMessages: UInt64 { consumer?.droppedMessages ?? 0 }

    func kick() { close(reason: "kicked off by the API") }
}
