import Codec
import Core
import IO
import Live
import RTMP

/// One RTMP client on the server: drives the handshake, the chunk stream and the SRS command
/// flow (srs-facts §5.2–5.6) over a non-blocking `Connection`, and binds publishers and players
/// to live sources.
public final class RTMPConnection: ConnectionDelegate {
    /// The phase of the SRS connection cycle.
    enum Phase {
        case handshake
        case waitConnect
        case identify(createStreamDepth: Int)
        case publishing
        case playing
        case closed
    }

    public let cid = ContextID.make()
    public let connection: Connection
    unowned let service: RTMPService
    var phase = Phase.handshake
    var handshake = HandshakeServer()
    var decoder = ChunkDecoder()
    var outChunkSize: UInt32 = 128
    var ackWindow: UInt32 = 0
    var bytesAtLastAck: UInt64 = 0
    /// Monotonic ms by which the current phase must progress (handshake, connect, identify).
    var phaseDeadline: Int64
    public let connectedAt = Clock.wallMillis()

    // What the client told us.
    public internal(set) var vhost: RTMPVhostSettings?
    public internal(set) var tcUrl = ""
    public internal(set) var pageUrl = ""
    public internal(set) var swfUrl = ""
    var objectEncoding: Double = 0
    var connectRequest: RequestURL?
    public internal(set) var streamKey: StreamKey?
    public internal(set) var streamParam = ""
    /// SRS client type once identified: fmle-publish, flash-publish, haivision-publish, rtmp-play.
    public internal(set) var clientType: String?
    var sawFMLEStart = false
    var sawFCPublish = false

    // Publisher / player bindings.
    var source: LiveSource?
    var consumer: Consumer?
    /// Drops of the consumers this connection played with before the current one (the API and
    /// the exporter count them after the player stopped).
    var droppedByEarlierConsumers: UInt64 = 0
    var playSource: LiveSource?
    /// Requested play duration (0 = unlimited) and the first media timestamp sent.
    var playDurationMillis: Int64 = 0
    var playedFrom: Int64?
    var flushScheduled = false
    /// Origin cluster: a coworker lookup is running / an RTMP 302 was sent.
    var awaitingRedirect = false
    /// Outside answers awaited (hooks, token traverse) and the messages read meanwhile.
    var holdCount = 0
    var heldMessages: [RawMessage] = []
    var tokenAccepted = false
    /// on_connect allowed the client (on_close is told when it leaves).
    var connectAccepted = false
    /// on_play allowed the player (on_stop is told when it stops).
    var playApproved = false
    var connectObject: AMF0Object = [:]
    var redirected = false
    var outputBlockedSince: Int64 = 0
    var publishStartedAt: Int64 = 0
    var receivedMedia = false
    var warnedBadMedia = false
    /// The last "got metadata" line and when it was logged: a repeat is not logged again and a
    /// change at most once a second, so metadata spam cannot flood the log.
    var metadataLog: (line: String, at: Int64)?

    static let phaseTimeoutMillis: Int64 = 30_000
    static let republishTimeoutMillis: Int64 = 180_000

    init(service: RTMPService, fd: Int32, peer: SocketAddress) throws {
        self.service = service
        connection = try Connection(loop: service.loop, fd: fd, peer: peer)
        phaseDeadline = service.loop.now + RTMPConnection.phaseTimeoutMillis
        connection.delegate = self
        log.trace("RTMP client ip=\(peer.description), fd=\(fd)", cid: cid)
    }

    public var isPublisher: Bool { if case .publishing = phase { return true } else { return false } }
    public var isPlayer: Bool { if case .playing = phase { return true } else { return false } }

    // MARK: ConnectionDelegate

    public func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        do {
            if case .handshake = phase {
                try feedHandshake(Array(bytes))
            } else {
                try feedChunks(bytes)
            }
        } catch {
            fail(error)
        }
    }

    public func connectionDidDrain(_ connection: Connection) {
        outputBlockedSince = 0
        if isPlayer { flushPlayer() }
    }

    public func connection(_ connection: Connection, didCloseWith error: (any Error)?) {
        let wasPublishing = isPublisher
        phase = .closed
        stopPlaying()
        if wasPublishing { endPublish(reason: "disconnect") }
        if connectAccepted, let vhost, let request = connectRequest {
            service.hooks?.tell(.close(sendBytes: connection.bytesSent, recvBytes: connection.bytesReceived),
                                HookSubject(clientID: cid.value, ip: connection.peer.host, vhost: vhost.name, app: request.app,
                                            stream: streamKey?.stream ?? "", param: streamParam, tcUrl: tcUrl, pageUrl: pageUrl))
        }
        if let error {
            log.trace("client disconnect peer. ret=\(error.srsCode(fallback: SRSErrorCode.socketRead)), \(error)", cid: cid)
        } else {
            log.trace("client disconnect peer. ret=\(SRSErrorCode.socketRead)", cid: cid)
        }
        service.connectionDidClose(self)
    }

    // MARK: input

    private func feedHandshake(_ bytes: [UInt8]) throws {
        let output = try handshake.feed(bytes)
        if !output.send.isEmpty {
            connection.enqueueCopy(output.send)
            try connection.flush()
        }
        guard let completion = output.completion else { return }
        log.trace(completion.mode == .complex ? "complex handshake success" : "simple handshake success.", cid: cid)
        phase = .waitConnect
        phaseDeadline = service.loop.now + RTMPConnection.phaseTimeoutMillis
        if !completion.leftover.isEmpty {
            try completion.leftover.withUnsafeBytes { try feedChunks($0) }
        }
    }

    private func feedChunks(_ bytes: UnsafeRawBufferPointer) throws {
        var messages: [RawMessage] = []
        var decodeError: (any Error)?
        do {
            try decoder.feed(bytes, into: &messages)
        } catch {
            decodeError = error
        }
        // Messages completed before a decoding error are still served.
        for raw in messages {
            if holdCount > 0 {
                heldMessages.append(raw)
                continue
            }
            try handle(raw)
            if case .closed = phase { return }
        }
        if let decodeError { throw decodeError.wrapped("rtmp: decode chunk stream") }
        try acknowledgeIfNeeded()
        if !flushScheduled { flushPlayer() }
    }

    /// Sends an Acknowledgement once the peer's window (or ours) has been received.
    private func acknowledgeIfNeeded() throws {
        guard ackWindow > 0 else { return }
        let received = decoder.bytesReceived
        if received - bytesAtLastAck >= UInt64(ackWindow) {
            bytesAtLastAck = received
            try send(.acknowledgement(sequenceNumber: UInt32(truncatingIfNeeded: received)), csid: 2, streamID: 0)
        }
    }

    /// Ends the connection because of `error` (logged once by the close path).
    func fail(_ error: any Error) {
        connection.close(error)
    }
}

