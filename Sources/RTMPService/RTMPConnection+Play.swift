import Codec
import Core
import IO
import Live
import RTMP

extension RTMPConnection: ConsumerSink, DeferredTask {
    /// `play(name)`: SRS answers at once whether or not a publisher exists (srs-facts §5.6), then
    /// attaches a consumer which gets metadata, sequence headers and the GOP cache.
    func startPlay(_ command: RTMPCommand) throws {
        let request = try streamRequest(from: command)
        let key = key(for: request)
        try vhost?.security.check(.play, ip: connection.peer.host)
        clientType = "rtmp-play"
        streamKey = key
        streamParam = request.param
        // play(name, start, duration): a positive duration ends the session after that much media.
        playDurationMillis = Int64(max(0, command.arguments.count > 2 ? command.arguments[2].numberValue ?? 0 : 0))
        playedFrom = nil
        log.trace("client identified, type=rtmp-play, vhost=\(key.vhost), app=\(key.app), stream=\(key.stream), "
                  + "param=\(request.param), duration=\(playDurationMillis)ms", cid: cid)
        try send(.userControl(.streamBegin(streamID: 1)), csid: 2, streamID: 0)
        try send(ServerReplies.playReset(), streamID: 1, csid: 5)
        try send(ServerReplies.playStart(), streamID: 1, csid: 5)
        try send(ServerReplies.sampleAccess(), streamID: 1, csid: 5)
        try send(ServerReplies.dataStart(), streamID: 1, csid: 5)
        phase = .playing
        service.clients.add(self)
        let play = streamRequest(key: key, request: request, format: .rtmp)
        // SRS compat: on_play runs after Play.Start was sent; a refusal closes the player.
        let subject = HookSubject(clientID: cid.value, ip: connection.peer.host, vhost: key.vhost, app: key.app, stream: key.stream,
                                  param: request.param, tcUrl: tcUrl, pageUrl: pageUrl)
        try gate({ [unowned self] answer in self.service.hooks?.ask(.play, subject, completion: answer) ?? false }) { [unowned self] in
            self.playApproved = true
            self.beginPlay(play)
        }
    }

    /// After on_play: the origin-cluster lookup or the consumer.
    private func beginPlay(_ play: StreamRequest) {
        guard isPlayer else { return }
        let key = play.key
        let source = service.registry.fetchOrCreate(key, settings: vhost?.play ?? PlaySettings())
        // Origin cluster (srs-facts §11): a stream nobody publishes here may be on a coworker.
        if !source.isPublishing, vhost?.originCluster == true, !service.publishedByAnotherWorker(key),
           let locate = service.locateStream {
            service.registry.releaseIfIdle(key)
            awaitingRedirect = true
            locate(play) { [weak self] target in self?.finishLookup(target, request: play) }
            return
        }
        attach(to: source, request: play)
    }

    private func attach(to source: LiveSource, request: StreamRequest) {
        playSource = source
        consumer = source.attach(sink: self, request: request)
        log.trace("rtmp: play start, stream_url=\(source.key.url), publishing=\(source.isPublishing)", cid: cid)
    }

    /// The coworker lookup answered: redirect to the node that has the stream (RTMP 302), play
    /// here if it got published meanwhile, else fail as SRS does (ERROR_OCLUSTER_REDIRECT).
    private func finishLookup(_ target: String?, request: StreamRequest) {
        guard awaitingRedirect, isPlayer else { return }
        awaitingRedirect = false
        let source = service.registry.fetchOrCreate(request.key, settings: vhost?.play ?? PlaySettings())
        if source.isPublishing {
            attach(to: source, request: request)
            flushPlayer()
            return
        }
        service.registry.releaseIfIdle(request.key)
        guard let target else {
            fail(RTMPServiceError.noOrigin(request.key.url))
            return
        }
        log.trace("rtmp: redirect in cluster, from=\(request.tcUrl), target=\(target)", cid: cid)
        // The redirect is a small write right after Play.Start: without this, Nagle and the peer's
        // delayed ACK hold it back ~40 ms.
        Socket.setNoDelay(connection.fd, true)
        do {
            try send(ServerReplies.redirect(url: target))
        } catch {
            fail(error)
            return
        }
        flushPlayer()
        redirected = true
        // SRS compat: wait up to 3 s for the client to hang up, then close.
        service.loop.schedule(after: 3000) { [weak self] in self?.fail(RTMPServiceError.redirected(target)) }
    }

    /// How this client asked for `key`, for the edge and the origin cluster.
    func streamRequest(key: StreamKey, request: RequestURL, format: StreamRequest.Format) -> StreamRequest {
        StreamRequest(key: key, tcUrl: tcUrl, param: request.param, host: request.host, clientIP: connection.peer.host,
                      format: format, pageUrl: pageUrl)
    }

    /// Commands from a player: pause / unpause, closeStream; others get `_result(null, null)`.
    func onPlayingCommand(_ command: RTMPCommand) throws {
        if redirected {
            // SRS compat: any call after an RTMP 302 ends the connection.
            fail(RTMPServiceError.redirected("client answered"))
            return
        }
        switch command.name {
        case "pause":
            let pause = command.arguments.first?.boolValue ?? false
            consumer?.paused = pause
            if pause {
                try send(ServerReplies.pauseNotify(), streamID: 1, csid: 5)
                try send(.userControl(.streamEOF(streamID: 1)), csid: 2, streamID: 0)
            } else {
                try send(ServerReplies.unpauseNotify(), streamID: 1, csid: 5)
                try send(.userControl(.streamBegin(streamID: 1)), csid: 2, streamID: 0)
                flushPlayer()
            }
        case "closeStream", "deleteStream":
            stopPlaying()
            enterIdentify()
        default:
            if command.transactionID > 0 {
                try send(ServerReplies.genericResult(tid: command.transactionID))
            }
        }
    }

    /// Detaches the consumer (player left or closed the stream).
    func stopPlaying() {
        if playApproved, let key = streamKey {
            playApproved = false
            service.hooks?.tell(.stop, HookSubject(clientID: cid.value, ip: connection.peer.host, vhost: key.vhost, app: key.app,
                                                    stream: key.stream, param: streamParam, tcUrl: tcUrl, pageUrl: pageUrl))
        }
        guard let source = playSource else { return }
        if let consumer {
            source.detach(consumer)
            droppedByEarlierConsumers &+= consumer.droppedMessages
            if consumer.droppedMessages > 0 {
                log.warn("rtmp: player dropped \(consumer.droppedMessages) messages while behind", cid: cid)
            }
        }
        consumer = nil
        playSource = nil
        if case .playing = phase { enterIdentify() }
        service.registry.releaseIfIdle(source.key)
    }

    public func consumerIsReady(_ consumer: Consumer) {
        guard !flushScheduled else { return }
        flushScheduled = true
        connection.loop.schedule(self)
    }

    /// The scheduled merged write (`consumerIsReady`).
    public func runDeferredTask() { flushPlayer() }

    /// Writes queued media in merged batches of up to 128 messages per `writev`, together with
    /// any queued control replies.
    func flushPlayer() {
        flushScheduled = false
        if isPlayer, let consumer {
            var rounds = 0
            while !connection.isWriteBlocked && !consumer.isEmpty && !consumer.paused && rounds < 8 {
                var lastTimestamp: Int64 = 0
                consumer.takeBorrowed { packet in
                    writeMedia(packet)
                    if packet.kind != .script {
                        lastTimestamp = packet.timestamp
                        if playedFrom == nil { playedFrom = packet.timestamp }
                    }
                }
                guard flushOutput() else { return }
                if playDurationMillis > 0, let start = playedFrom, lastTimestamp - start >= playDurationMillis {
                    fail(RTMPServiceError.durationExceeded(millis: playDurationMillis))
                    return
                }
                rounds += 1
            }
        }
        if !connection.isWriteBlocked && connection.hasPendingOutput { _ = flushOutput() }
    }

    /// Writes what is queued; false when the connection failed.
    private func flushOutput() -> Bool {
        do {
            if try !connection.flush() { outputBlockedSince = service.loop.now }
            return true
        } catch {
            fail(error)
            return false
        }
    }

    /// Queues one packet as chunks: a per-connection header, then slices of the shared payload
    /// separated by fmt3 headers. The payload itself is never copied, and queued borrowed: this
    /// runs only inside `Consumer.takeBorrowed`, and `flushPlayer` flushes before it returns.
    @inline(__always)
    func writeMedia(_ packet: MediaPacket) {
        let csid: UInt32
        switch packet.kind {
        case .audio: csid = 4
        case .video: csid = 6
        case .script: csid = 5
        }
        let timestamp = UInt32(truncatingIfNeeded: packet.timestamp)
        let length = packet.payload.count
        let typeID = packet.kind.rawValue
        connection.enqueueWriting(capacity: ChunkEncoder.maxFirstHeaderSize) { pointer in
            ChunkEncoder.writeFirstHeader(csid: csid, timestamp: timestamp, length: length, typeID: typeID,
                                          streamID: 1, into: pointer)
        }
        let chunk = Int(outChunkSize)
        var offset = 0
        while offset < length {
            let n = min(chunk, length - offset)
            connection.enqueueBorrowed(packet.payload, offset: offset, count: n)
            offset += n
            if offset < length {
                connection.enqueueWriting(capacity: ChunkEncoder.maxContinuationHeaderSize) { pointer in
                    ChunkEncoder.writeContinuationHeader(csid: csid, timestamp: timestamp, into: pointer)
                }
            }
        }
    }

    /// Whether the player's socket has been full for longer than the stall timeout (the slow
    /// sweep, once a second; cheap, no side effects). The merged-write timeout is the source's
    /// (`SourceRegistry.wakeLateConsumers`, every 100 ms), one check per group of players.
    @inline(__always)
    func isStalled(now: Int64) -> Bool {
        consumer != nil && connection.isWriteBlocked && outputBlockedSince > 0
            && now - outputBlockedSince > RTMPConnection.phaseTimeoutMillis
    }

    /// A player whose peer stopped reading: it fails.
    func failStalledPlayer(now: Int64) {
        guard isPlayer, isStalled(now: now) else { return }
        fail(RTMPServiceError.peerStalled(millis: now - outputBlockedSince))
    }
}
