/// Statistics endpoints: vhosts, streams and clients (lists and single objects).
///
/// SRS compat: lists are in `std::map` order of the ids (byte-wise ascending), not creation order,
/// so the builders sort by id.
extension APIBodies {
    /// `GET /api/v1/vhosts/`.
    public func vhosts(_ vhosts: [VhostSnapshot]) -> JSONValue {
        let sorted = vhosts.sorted { APIBodies.idPrecedes($0.id, $1.id) }
        return envelope.success([("vhosts", .array(sorted.map(APIBodies.vhostObject)))])
    }

    /// `GET /api/v1/vhosts/<id>`.
    public func vhost(_ vhost: VhostSnapshot) -> JSONValue {
        envelope.success([("vhost", APIBodies.vhostObject(vhost))])
    }

    /// `GET /api/v1/streams/?start=&count=`.
    public func streams(_ streams: [StreamSnapshot], page: APIPagination) -> JSONValue {
        let sorted = streams.sorted { APIBodies.idPrecedes($0.id, $1.id) }
        return envelope.success([("streams", .array(page.page(sorted).map(APIBodies.streamObject)))])
    }

    /// `GET /api/v1/streams/<id>`.
    public func stream(_ stream: StreamSnapshot) -> JSONValue {
        envelope.success([("stream", APIBodies.streamObject(stream))])
    }

    /// `GET /api/v1/clients/?start=&count=`.
    public func clients(_ clients: [ClientSnapshot], page: APIPagination) -> JSONValue {
        let sorted = clients.sorted { APIBodies.idPrecedes($0.id, $1.id) }
        return envelope.success([("clients", .array(page.page(sorted).map(APIBodies.clientObject)))])
    }

    /// `GET /api/v1/clients/<id>`.
    public func client(_ client: ClientSnapshot) -> JSONValue {
        envelope.success([("client", APIBodies.clientObject(client))])
    }

    /// `DELETE /api/v1/clients/<id>` after a successful kick: the bare envelope.
    public func clientKicked() -> JSONValue {
        envelope.success()
    }

    static func idPrecedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func kbpsObject(_ k: KbpsSnapshot) -> JSONValue {
        ["recv_30s": .integer(k.recv30s), "send_30s": .integer(k.send30s)]
    }

    static func vhostObject(_ v: VhostSnapshot) -> JSONValue {
        var hls = JSONObjectBuilder([("enabled", .bool(v.hlsEnabled))])
        if v.hlsEnabled { hls.set("fragment", .double(v.hlsFragment)) }
        return [
            "id": .string(v.id), "name": .string(v.name), "enabled": .bool(v.enabled),
            "clients": .int(v.clients), "streams": .int(v.streams), "send_bytes": .int(v.sendBytes),
            "recv_bytes": .int(v.recvBytes), "kbps": kbpsObject(v.kbps), "hls": hls.value,
        ]
    }

    public static func streamObject(_ s: StreamSnapshot) -> JSONValue {
        var publish = JSONObjectBuilder([("active", .bool(s.publishActive))])
        publish.setIfPresent("cid", s.publisherID.map(JSONValue.string))
        let video: JSONValue = s.video.map {
            ["codec": .string($0.codec), "profile": .string($0.profile), "level": .string($0.level),
             "width": .int($0.width), "height": .int($0.height)]
        } ?? .null
        let audio: JSONValue = s.audio.map {
            ["codec": .string($0.codec), "sample_rate": .int($0.sampleRate), "channel": .int($0.channel),
             "profile": .string($0.profile)]
        } ?? .null
        var object = JSONObjectBuilder([
            ("id", .string(s.id)), ("name", .string(s.name)), ("vhost", .string(s.vhost)), ("app", .string(s.app)),
            ("tcUrl", .string(s.tcUrl)), ("url", .string(s.url)), ("live_ms", .int(s.liveMs)),
            ("clients", .int(s.clients)), ("frames", .int(s.frames)), ("send_bytes", .int(s.sendBytes)),
            ("recv_bytes", .int(s.recvBytes)), ("kbps", kbpsObject(s.kbps)), ("publish", publish.value),
            ("video", video), ("audio", audio),
        ])
        object.setIfPresent("upstream", s.upstream.map(upstreamObject))
        if !s.forwards.isEmpty { object.set("forward", .array(s.forwards.map(upstreamObject))) }
        if let r = s.recording {
            object.set("dvr", ["recording": .bool(r.recording), "file": .string(r.file), "files": .int(r.files),
                               "bytes": .int(r.bytes), "last_error": .string(r.lastError)])
        }
        return object.value
    }

    /// Beyond SRS: an edge stream's upstream (appended after SRS's fields).
    static func upstreamObject(_ u: UpstreamSnapshot) -> JSONValue {
        ["direction": .string(u.direction), "state": .string(u.state), "origin": .string(u.origin),
         "bytes": .int(u.bytes), "reconnects": .int(u.reconnects), "redirects": .int(u.redirects),
         "last_error": .string(u.lastError)]
    }

    static func clientObject(_ c: ClientSnapshot) -> JSONValue {
        [
            "id": .string(c.id), "vhost": .string(c.vhost), "stream": .string(c.stream), "ip": .string(c.ip),
            "pageUrl": .string(c.pageUrl), "swfUrl": .string(c.swfUrl), "tcUrl": .string(c.tcUrl),
            "url": .string(c.url), "name": .string(c.name), "type": .string(c.type),
            "publish": .bool(c.publish), "alive": .double(c.alive), "send_bytes": .int(c.sendBytes),
            "recv_bytes": .int(c.recvBytes), "kbps": kbpsObject(c.kbps),
            // Beyond SRS: the client's dropped messages, after SRS's fields.
            "dropped": .int(c.dropped),
        ]
    }
}
