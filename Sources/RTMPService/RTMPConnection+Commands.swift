import Codec
import Core
import IO
import Live
import RTMP

extension RTMPConnection {
    /// Commands by phase, as SRS's connect / identify / publish / play cycle (srs-facts §5.2–5.6).
    func onCommand(_ command: RTMPCommand, streamID: UInt32) throws {
        switch phase {
        case .handshake, .closed:
            return
        case .waitConnect:
            guard command.name == "connect" else {
                log.info("rtmp: ignore \(command.name) before connect", cid: cid)
                return
            }
            try onConnect(command)
        case .identify(let depth):
            try identify(command, depth: depth)
        case .publishing:
            try onPublishingCommand(command)
        case .playing:
            try onPlayingCommand(command)
        }
    }

    // MARK: connect

    private func onConnect(_ command: RTMPCommand) throws {
        guard let object = command.commandObject.objectValue, let url = object["tcUrl"]?.stringValue else {
            throw RTMPServiceError.connectMissingTcUrl
        }
        tcUrl = url
        pageUrl = object["pageUrl"]?.stringValue ?? ""
        swfUrl = object["swfUrl"]?.stringValue ?? ""
        objectEncoding = object["objectEncoding"]?.numberValue ?? 0
        let request = try RequestURL.discover(tcUrl: url)
        connectRequest = request
        let settings: RTMPVhostSettings
        do {
            settings = try service.resolveVhost(request.vhost)
        } catch {
            // SRS compat: the client is told why before the connection closes.
            try? send(ServerReplies.connectRejected(description: "\(error)"))
            _ = try? connection.flush()
            throw error.wrapped("rtmp: connect tcUrl=\(url)")
        }
        vhost = settings
        // Kept only for an edge token traverse (the vhost is resolved once per connection).
        if settings.tokenTraverse { connectObject = object }
        if settings.tcpNoDelay { Socket.setNoDelay(connection.fd, true) }
        let args = command.arguments.first?.objectValue
        log.trace("connect app, tcUrl=\(url), pageUrl=\(pageUrl), swfUrl=\(swfUrl), schema=\(request.schema), "
                  + "vhost=\(settings.name), port=\(request.port), app=\(request.app), args=\(args == nil ? "null" : "object")", cid: cid)
        if let args, args["srs_server"] != nil {
            // SRS compat: an upstream SRS edge announces itself (debug_srs_upnode).
            func text(_ key: String) -> String {
                args[key]?.stringValue ?? args[key]?.numberValue.map { String(Int($0)) } ?? ""
            }
            log.trace("edge-srs ip=\(text("srs_server_ip")), version=\(text("srs_version")), pid=\(text("srs_pid")), id=\(text("srs_id"))", cid: cid)
        }
        let subject = HookSubject(clientID: cid.value, ip: connection.peer.host, vhost: settings.name, app: request.app,
                                  stream: request.stream, param: request.param, tcUrl: url, pageUrl: pageUrl)
        try gate({ [unowned self] answer in self.service.hooks?.ask(.connect, subject, completion: answer) ?? false }) { [unowned self] in
            self.connectAccepted = true
            try self.acceptConnect(settings)
        }
    }

    /// The connect replies, once the vhost is known and on_connect (if any) allowed the client.
    private func acceptConnect(_ settings: RTMPVhostSettings) throws {
        if settings.outAckSize > 0 {
            try send(.windowAckSize(settings.outAckSize), csid: 2, streamID: 0)
        }
        if settings.inAckSize > 0 { ackWindow = settings.inAckSize }
        try send(.setPeerBandwidth(size: 2_500_000, limit: .dynamic), csid: 2, streamID: 0)
        // SRS compat: SetChunkSize goes out before any large message (OBS).
        try send(.setChunkSize(settings.chunkSize), csid: 2, streamID: 0)
        let local = Socket.localAddress(connection.fd).host
        try send(ServerReplies.connectResult(objectEncoding: objectEncoding, serverIP: local,
                                             pid: service.pid, cid: cid.value))
        try send(ServerReplies.onBWDone())
        enterIdentify(afterStream: false)
    }

    /// Waits for the next publish/play: 30 s after connect, 3 minutes after a stream ended
    /// (SRS's republish / paused wait).
    func enterIdentify(afterStream: Bool = true) {
        phase = .identify(createStreamDepth: 0)
        let wait = afterStream ? RTMPConnection.republishTimeoutMillis : RTMPConnection.phaseTimeoutMillis
        phaseDeadline = service.loop.now + wait
    }

    // MARK: identify

    private func identify(_ command: RTMPCommand, depth: Int) throws {
        let tid = command.transactionID
        switch command.name {
        case "createStream":
            guard depth < 3 else { throw RTMPServiceError.createStreamDepth }
            phase = .identify(createStreamDepth: depth + 1)
            try send(ServerReplies.createStreamResult(tid: tid, streamID: 1))
        case "releaseStream", "FCPublish", "FCUnpublish":
            if command.name == "FCPublish" { sawFCPublish = true } else if command.name == "releaseStream" { sawFMLEStart = true }
            try send(ServerReplies.fmleResult(tid: tid))
        case "publish", "play":
            if vhost?.tokenTraverse == true, !tokenAccepted, let traverse = service.traverseToken {
                try holdForTokenTraverse(command, traverse)
                return
            }
            if command.name == "play" {
                try startPlay(command)
                return
            }
            let subject = try hookSubject(for: command)
            try gate({ [unowned self] answer in self.service.hooks?.ask(.publish, subject, completion: answer) ?? false }) { [unowned self] in
                try self.startPublish(command)
            }
        case "deleteStream", "closeStream":
            break
        default:
            // SRS compat: any other call gets `_result(tid, null, null)` and we keep waiting.
            if tid > 0 { try send(ServerReplies.genericResult(tid: tid)) }
        }
    }

    /// Edge token traverse: the play/publish waits until an origin accepted this client's connect.
    private func holdForTokenTraverse(_ command: RTMPCommand,
                                      _ traverse: (StreamRequest, AMF0Object, @escaping ((any Error)?) -> Void) -> Void) throws {
        let request = try streamRequest(from: command)
        let asked = streamRequest(key: key(for: request), request: request, format: .rtmp)
        let connect = connectObject
        try gate({ answer in
            traverse(asked, connect, answer)
            return true
        }, refused: { [unowned self] error in
            try? self.send(ServerReplies.connectRejected(description: "\(error)"))
            _ = try? self.connection.flush()
            self.fail(error)
        }) { [unowned self] in
            self.tokenAccepted = true
            try self.identify(command, depth: 0)
        }
    }

    /// The hook subject of a play/publish command.
    func hookSubject(for command: RTMPCommand) throws -> HookSubject {
        let request = try streamRequest(from: command)
        let key = key(for: request)
        return HookSubject(clientID: cid.value, ip: connection.peer.host, vhost: key.vhost, app: key.app, stream: key.stream,
                           param: request.param, tcUrl: tcUrl, pageUrl: pageUrl)
    }

    /// Builds the stream request from the connect tcUrl and the publish/play name.
    func streamRequest(from command: RTMPCommand) throws -> RequestURL {
        let name = command.arguments.first?.stringValue ?? ""
        var request = try RequestURL.discover(tcUrl: tcUrl, stream: name)
        request.guessStreamFromApp()
        guard !request.stream.isEmpty else { throw RTMPServiceError.emptyStreamName }
        return request
    }

    /// The source key for a request, with unknown vhosts mapped to the default one.
    func key(for request: RequestURL) -> StreamKey {
        StreamKey(vhost: vhost?.name ?? StreamKey.defaultVhost, app: request.app,
                  stream: RequestURL.removingExtension(request.stream))
    }
}
