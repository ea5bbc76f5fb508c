import Codec
import Core
import IO
import RTMP

/// One outgoing RTMP session on the loop: resolve, connect, complex handshake (the server may
/// answer simple), then `RTMPClientFlow`'s command flow; plays media in or publishes media out.
/// Built on the server's wire code: `HandshakeClient`, `ChunkDecoder`, `ChunkEncoder`.
public final class RTMPClient: ConnectionDelegate {
    public let cid = ContextID.make()
    public let host: String
    public let port: Int
    public weak var delegate: RTMPClientDelegate?
    public private(set) var flow: RTMPClientFlow
    private unowned let loop: EventLoop
    private let timeouts: RTMPClientTimeouts
    private let dialer: Dialer
    public private(set) var connection: Connection?
    private var handshake: HandshakeClient?
    private var decoder = ChunkDecoder()
    private var outChunkSize = 128
    private var ackWindow: UInt32 = 0
    private var bytesAtLastAck: UInt64 = 0
    private var deadline: Int64
    private var lastReadAt: Int64
    private var watchdog: Timer?
    private var ended = false
    /// Bytes of media queued but not yet written (publish back-pressure).
    public var pendingOutput: Bool { connection?.hasPendingOutput ?? false }

    public init(loop: EventLoop, resolver: Resolver, host: String, port: Int, request: RTMPClientRequest,
                timeouts: RTMPClientTimeouts = RTMPClientTimeouts(), connectExtras: AMF0Object = [:]) {
        self.loop = loop
        self.host = host
        self.port = port
        self.timeouts = timeouts
        dialer = Dialer(loop: loop, resolver: resolver)
        flow = RTMPClientFlow(request: request)
        flow.connectExtras = connectExtras
        deadline = loop.now + timeouts.connectMillis + timeouts.startMillis
        lastReadAt = loop.now
    }

    public var isStarted: Bool { flow.isStreaming }
    public var bytesReceived: UInt64 { connection?.bytesReceived ?? 0 }
    public var bytesSent: UInt64 { connection?.bytesSent ?? 0 }
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Starts resolving and connecting; the delegate hears the outcome.
    public func start() {
        watchdog = loop.scheduleRepeating(every: 250) { [weak self] in self?.checkTimeouts() }
        dialer.dial(host: host, port: port, timeoutMillis: timeouts.connectMillis) { [weak self] result in
            guard let self else { return }
            switch result {
            case .failure(let error): self.end(error.wrapped("rtmp client: \(self.endpoint)"))
            case .success(let connection): self.connected(connection)
            }
        }
    }

    private func connected(_ connection: Connection) {
        self.connection = connection
        connection.delegate = self
        Socket.setNoDelay(connection.fd, true)
        lastReadAt = loop.now
        do {
            let client = try HandshakeClient(mode: .complex)
            handshake = client
            connection.enqueueCopy(client.c0c1)
            try connection.flush()
        } catch {
            end(error.wrapped("rtmp client: handshake"))
        }
    }

    /// Closes the session without telling the delegate (the owner stops it).
    public func stop() {
        guard !ended else { return }
        ended = true
        delegate = nil
        teardown()
    }

    // MARK: ConnectionDelegate

    public func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastReadAt = loop.now
        do {
            if var shake = handshake {
                let output = try shake.feed(UnsafeRawBufferPointer(bytes))
                handshake = shake
                if !output.send.isEmpty { connection.enqueueCopy(output.send) }
                guard let completion = output.completion else { return }
                handshake = nil
                log.info("rtmp client: \(completion.mode == .complex ? "complex" : "simple") handshake with \(endpoint) done", cid: cid)
                run(flow.start())
                if !completion.leftover.isEmpty { try completion.leftover.withUnsafeBytes { try feedChunks($0) } }
                try connection.flush()
            } else {
                try feedChunks(bytes)
            }
        } catch {
            end(error)
        }
    }

    public func connectionDidDrain(_ connection: Connection) {
        delegate?.rtmpClientDidDrain(self)
    }

    public func connection(_ connection: Connection, didCloseWith error: (any Error)?) {
        self.connection = nil
        end(error ?? RTMPClientError.unexpected("\(endpoint) closed the connection"))
    }

    // MARK: input

    private func feedChunks(_ bytes: UnsafeRawBufferPointer) throws {
        var messages: [RawMessage] = []
        var decodeError: (any Error)?
        do {
            try decoder.feed(bytes, into: &messages)
        } catch {
            decodeError = error
        }
        for raw in messages {
            handle(raw)
            if ended { return }
        }
        if let decodeError { throw decodeError.wrapped("rtmp client: decode chunk stream from \(endpoint)") }
        if ackWindow > 0, decoder.bytesReceived - bytesAtLastAck >= UInt64(ackWindow) {
            bytesAtLastAck = decoder.bytesReceived
            send(.acknowledgement(sequenceNumber: UInt32(truncatingIfNeeded: decoder.bytesReceived)), csid: 2, streamID: 0)
        }
        try connection?.flush()
    }

    private func handle(_ raw: RawMessage) {
        let type = raw.header.typeID
        if type == MediaPacket.Kind.audio.rawValue || type == MediaPacket.Kind.video.rawValue {
            guard flow.acceptsMedia, raw.payload.count > 0 else { return }
            let kind: MediaPacket.Kind = type == MediaPacket.Kind.audio.rawValue ? .audio : .video
            delegate?.rtmpClient(self, didReceive: MediaPacket(kind: kind, timestamp: Int64(raw.header.timestamp), payload: raw.payload))
            return
        }
        let message: RTMPMessage
        do {
            message = try RTMPMessage(raw)
        } catch {
            log.warn("rtmp client: ignore undecodable message type=\(type) from \(endpoint): \(error)", cid: cid)
            return
        }
        if case .data(let data, _) = message, data.name == "onMetaData" || data.name == "@setDataFrame" {
            if flow.acceptsMedia, let body = MetadataBody.onMetaData(data) {
                delegate?.rtmpClient(self, didReceive: MediaPacket(kind: .script, timestamp: Int64(raw.header.timestamp),
                                                                    payload: SharedBytes(body)))
            }
            return
        }
        if case .aggregate = message {
            guard flow.acceptsMedia, let parts = try? RTMPMessage.splitAggregate(raw) else { return }
            for part in parts { handle(part) }
            return
        }
        run(flow.handle(message))
    }

    private func run(_ events: [RTMPClientEvent]) {
        for event in events {
            if ended { return }
            switch event {
            case .send(let message, let csid, let streamID):
                send(message, csid: csid, streamID: streamID)
            case .outChunkSizeChanged(let size):
                outChunkSize = Int(size)
            case .ackWindow(let size):
                ackWindow = size
            case .started:
                log.trace("rtmp client: \(flow.request.role) started at \(endpoint), "
                          + "tcUrl=\(flow.request.tcUrl), stream=\(flow.request.stream)", cid: cid)
                delegate?.rtmpClientDidStart(self)
            case .redirect(let url):
                end(nil, redirect: url)
            case .streamEnded(let code):
                log.trace("rtmp client: upstream \(endpoint) says \(code)", cid: cid)
            case .failed(let error):
                end(error)
            }
        }
    }

    // MARK: output

    private func send(_ message: RTMPMessage, csid: UInt32, streamID: UInt32) {
        let encoded = message.encode()
        let header = RTMPMessageHeader(chunkStreamID: csid, timestamp: 0, typeID: encoded.typeID, streamID: streamID,
                                       length: encoded.payload.count)
        connection?.enqueueCopy(ChunkEncoder.encode(header: header, payload: encoded.payload, chunkSize: outChunkSize))
    }

    /// Queues one media packet on the published stream (header per chunk, payload not copied).
    /// Call `flush()` after a batch.
    public func send(_ packet: MediaPacket) {
        guard let connection, let streamID = flow.streamID, flow.request.role == .publish else { return }
        let csid: UInt32 = packet.kind == .audio ? 4 : (packet.kind == .video ? 6 : 5)
        let timestamp = UInt32(truncatingIfNeeded: max(0, packet.timestamp))
        let length = packet.payload.count
        let typeID = packet.kind.rawValue
        connection.enqueueWriting(capacity: ChunkEncoder.maxFirstHeaderSize) { pointer in
            ChunkEncoder.writeFirstHeader(csid: csid, timestamp: timestamp, length: length, typeID: typeID,
                                          streamID: streamID, into: pointer)
        }
        var offset = 0
        while offset < length {
            let n = min(outChunkSize, length - offset)
            connection.enqueue(packet.payload, offset: offset, count: n)
            offset += n
            if offset < length {
                connection.enqueueWriting(capacity: ChunkEncoder.maxContinuationHeaderSize) { pointer in
                    ChunkEncoder.writeContinuationHeader(csid: csid, timestamp: timestamp, into: pointer)
                }
            }
        }
    }

    /// Writes what is queued; false when the socket is full (wait for `rtmpClientDidDrain`).
    @discardableResult
    public func flush() -> Bool {
        guard let connection else { return false }
        do {
            return try connection.flush()
        } catch {
            end(error)
            return false
        }
    }

    // MARK: ending

    private func checkTimeouts() {
        let now = loop.now
        if flow.isProbeDone { return }
        if !flow.isStreaming {
            if now > deadline { end(RTMPClientError.unexpected("\(endpoint) did not start in \(timeouts.connectMillis + timeouts.startMillis)ms")) }
        } else if timeouts.readMillis > 0 && flow.request.role == .play && now - lastReadAt > timeouts.readMillis {
            end(ConnectError.timeout(address: "read from \(endpoint)", millis: timeouts.readMillis))
        }
    }

    private func end(_ error: (any Error)?, redirect: String? = nil) {
        guard !ended else { return }
        ended = true
        teardown()
        let delegate = self.delegate
        self.delegate = nil
        delegate?.rtmpClient(self, didEndWith: error, redirect: redirect)
    }

    private func teardown() {
        loop.cancel(watchdog)
        watchdog = nil
        dialer.cancel()
        connection?.hangUp()
        connection = nil
    }
}
