import Codec
import Core
import IO
import Live
import RTMP

extension RTMPConnection {
    /// `publish(name)`: identify the client type, take the source, confirm (srs-facts §5.5).
    func startPublish(_ command: RTMPCommand) throws {
        let request = try streamRequest(from: command)
        let key = key(for: request)
        try vhost?.security.check(.publish, ip: connection.peer.host)
        let type = sawFMLEStart ? "fmle-publish" : (sawFCPublish ? "haivision-publish" : "flash-publish")
        clientType = type
        streamKey = key
        streamParam = request.param
        log.trace("client identified, type=\(type), vhost=\(key.vhost), app=\(key.app), stream=\(key.stream), "
                  + "param=\(request.param), duration=0ms", cid: cid)
        if type != "flash-publish" {
            try send(ServerReplies.onFCPublish(), streamID: 1, csid: 5)
        }
        let settings = vhost?.play ?? PlaySettings()
        let source = service.registry.fetchOrCreate(key, settings: settings)
        do {
            try source.publish(by: cid)
        } catch {
            // SRS compat: the busy publisher already got onFCPublish; it is closed without onStatus.
            service.registry.releaseIfIdle(key)
            throw error.wrapped("rtmp: stream \(key.url) is busy")
        }
        self.source = source
        phase = .publishing
        service.clients.add(self)
        publishStartedAt = service.loop.now
        receivedMedia = false
        warnedBadMedia = false
        service.sourceDidStartPublishing(source, request: streamRequest(key: key, request: request, format: .rtmp), by: cid)
        try send(ServerReplies.publishStart(), streamID: 1, csid: 5)
        log.trace("rtmp: publish start, stream_url=\(key.url)", cid: cid)
    }

    /// Audio or video from the publisher.
    func onMedia(_ kind: MediaPacket.Kind, timestamp: UInt32, payload: SharedBytes) throws {
        guard isPublisher, let source else { return }
        guard payload.count > 0 else { return }
        if kind == .video {
            // SRS compat: frame type must be 1..5 and codec id 2..7, anything else is dropped.
            let frameType = payload[0] >> 4, codec = payload[0] & 0x0F
            guard (1...5).contains(frameType), (2...7).contains(codec) else {
                warnBadMedia("drop video with frame type \(frameType), codec id \(codec)")
                return
            }
        }
        receivedMedia = true
        source.feed(MediaPacket(kind: kind, timestamp: Int64(timestamp), payload: payload))
    }

    /// `@setDataFrame` / `onMetaData` from the publisher; other data is ignored.
    func onData(_ data: RTMPData, timestamp: UInt32) throws {
        guard isPublisher, let source else { return }
        guard let rewritten = MetadataRewriter.rewrite(name: data.name, values: data.values) else { return }
        let s = rewritten.summary
        func n(_ v: Double?) -> String { v.map { String(Int($0)) } ?? "0" }
        let line = "got metadata, width=\(n(s.width)), height=\(n(s.height)), vcodec=\(n(s.videoCodec)), acodec=\(n(s.audioCodec))"
        let now = service.loop.now
        if metadataLog.map({ $0.line != line && now - $0.at >= 1000 }) ?? true {
            log.trace(line, cid: cid)
            metadataLog = (line, now)
        }
        receivedMedia = true
        source.feed(MediaPacket(kind: .script, timestamp: Int64(timestamp), payload: SharedBytes(rewritten.payload)))
    }

    /// An aggregate message: its FLV tags are fed one by one.
    func onAggregate(_ raw: RawMessage) throws {
        guard isPublisher else { return }
        let parts: [RawMessage]
        do {
            parts = try RTMPMessage.splitAggregate(raw)
        } catch {
            warnBadMedia("drop malformed aggregate message: \(error)")
            return
        }
        for part in parts { try handle(part) }
    }

    /// Commands while publishing: FCUnpublish ends the publish politely; flash publishers end on
    /// any command; other commands are ignored as SRS does.
    func onPublishingCommand(_ command: RTMPCommand) throws {
        switch command.name {
        case "FCUnpublish":
            try send(ServerReplies.onFCUnpublish(), streamID: 1, csid: 5)
            try send(ServerReplies.fmleResult(tid: command.transactionID))
            try send(ServerReplies.unpublishSuccess(), streamID: 1, csid: 5)
            endPublish(reason: "FCUnpublish")
            enterIdentify()
        case "deleteStream", "closeStream":
            endPublish(reason: command.name)
            enterIdentify()
        default:
            if clientType == "flash-publish" {
                endPublish(reason: command.name)
                enterIdentify()
                try onCommand(command, streamID: 1)
            }
        }
    }

    /// Releases the source; its players stay attached and wait for a new publisher.
    func endPublish(reason: String) {
        guard let source else { return }
        self.source = nil
        if case .publishing = phase { enterIdentify() }
        source.unpublish()
        service.sourceDidStopPublishing(source)
        log.trace("cleanup when unpublish, stream_url=\(source.key.url), reason=\(reason)", cid: cid)
        let key = source.key
        service.hooks?.tell(.unpublish, HookSubject(clientID: cid.value, ip: connection.peer.host, vhost: key.vhost, app: key.app,
                                                     stream: key.stream, param: streamParam, tcUrl: tcUrl, pageUrl: pageUrl))
        service.registry.releaseIfIdle(source.key)
    }

    /// Publish timeouts (firstpkt_timeout, normal_timeout, kickoff_for_idle), checked by the service's sweep.
    func checkPublishTimeouts(now: Int64) {
        guard isPublisher, let source, let vhost else { return }
        if !receivedMedia {
            if now - publishStartedAt > vhost.firstPacketTimeoutMillis {
                fail(RTMPServiceError.timeout(phase: "publish first packet", millis: vhost.firstPacketTimeoutMillis))
            }
        } else if now - source.stats.lastPacketAt > vhost.normalTimeoutMillis {
            fail(RTMPServiceError.timeout(phase: "publish", millis: vhost.normalTimeoutMillis))
        } else if source.publisherIsIdle(forMillis: vhost.kickoffForIdleMillis, nowMillis: now) {
            fail(RTMPServiceError.kickedForIdle(url: source.key.url, millis: vhost.kickoffForIdleMillis))
        }
    }

    /// Logs bad media once per publish, not per packet.
    func warnBadMedia(_ message: String) {
        guard !warnedBadMedia else { return }
        warnedBadMedia = true
        log.warn("rtmp: \(message) (further drops not logged)", cid: cid)
    }
}
