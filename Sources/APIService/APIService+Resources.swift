import API
import HTTP
import HTTPRemux
import Live

extension APIService {
    func vhosts(_ request: HTTPRequest, _ connection: HTTPConnection) {
        guard method(of: request) == "GET" else { return methodNotAllowed(request, connection) }
        withProcessStats(.vhosts, request, connection) { [unowned self] all, request in
            if let id = resourceID(request, prefix: "/api/v1/vhosts/") {
                guard let vhost = all.vhosts.first(where: { $0.id == id }) else {
                    return reply(APIEnvelope.error(code: 2014), request, connection)
                }
                reply(bodies.vhost(vhost), request, connection)
            } else {
                reply(bodies.vhosts(all.vhosts), request, connection)
            }
        }
    }

    func streams(_ request: HTTPRequest, _ connection: HTTPConnection) {
        guard method(of: request) == "GET" else { return methodNotAllowed(request, connection) }
        if request.queryValue("cluster") == "on", let ask = clusterStreams, resourceID(request, prefix: "/api/v1/streams/") == nil {
            // This node's part is the process's (every worker's streams, merged).
            return withProcessStats(.streams, request, connection) { [unowned self] all, request in
                self.clusterWideStreams(request, connection, ask, local: all.streams)
            }
        }
        withProcessStats(.streams, request, connection) { [unowned self] all, request in
            if let id = resourceID(request, prefix: "/api/v1/streams/") {
                guard let stream = all.streams.first(where: { $0.id == id }) else {
                    return reply(APIEnvelope.error(code: 2048), request, connection)
                }
                reply(bodies.stream(stream), request, connection)
            } else {
                let page = APIPagination(start: request.queryValue("start"), count: request.queryValue("count"))
                reply(bodies.streams(all.streams, page: page), request, connection)
            }
        }
    }

    /// Our streams and every coworker's, each stream tagged with the API that reported it, plus
    /// one status entry per coworker. The connection is held (and closed after the answer).
    private func clusterWideStreams(_ request: HTTPRequest, _ connection: HTTPConnection,
                                    _ ask: (@escaping ([(api: String, streams: [JSONValue]?, error: String)]) -> Void) -> Bool,
                                    local streams: [StreamSnapshot]) {
        let local = streams.map { APIBodies.streamObject($0) }
        let hold = HeldRequest()
        let started = ask { [weak self, weak connection] peers in
            guard let self, let connection, !hold.closed else { return }
            var closing = request
            closing.keepAlive = false
            self.reply(self.bodies.clusterStreams(local: local, peers: peers), closing, connection)
        }
        if started {
            connection.beginStreaming(hold)
        } else {
            let page = APIPagination(start: request.queryValue("start"), count: request.queryValue("count"))
            reply(bodies.streams(streams, page: page), request, connection)
        }
    }

    func clients(_ request: HTTPRequest, _ connection: HTTPConnection) {
        let verb = method(of: request)
        guard verb == "GET" || verb == "DELETE" else { return methodNotAllowed(request, connection) }
        let id = resourceID(request, prefix: "/api/v1/clients/")
        if verb == "DELETE", let id {
            return kick(id, request, connection)
        }
        withProcessStats(.clients, request, connection) { [unowned self] all, request in
            guard let id else {
                let page = APIPagination(start: request.queryValue("start"), count: request.queryValue("count"))
                return reply(bodies.clients(all.clients, page: page), request, connection)
            }
            guard let snapshot = all.clients.first(where: { $0.id == id }) else {
                return reply(APIEnvelope.error(code: 2049), request, connection)
            }
            reply(bodies.client(snapshot), request, connection)
        }
    }

    /// `DELETE /api/v1/clients/<id>`: this worker's client, else whichever worker has it.
    private func kick(_ id: String, _ request: HTTPRequest, _ connection: HTTPConnection) {
        if kickLocal(id) { return reply(bodies.clientKicked(), request, connection) }
        guard let peerKick else { return reply(APIEnvelope.error(code: 2049), request, connection) }
        let hold = HeldRequest()
        connection.beginStreaming(hold)
        peerKick(id) { [weak self, weak connection] found in
            guard let self, let connection, !hold.closed else { return }
            var closing = request
            closing.keepAlive = false
            self.reply(found ? self.bodies.clientKicked() : APIEnvelope.error(code: 2049), closing, connection)
        }
    }

    func clusters(_ request: HTTPRequest, _ connection: HTTPConnection) {
        let query = ClusterQuery(ip: request.queryValue("ip") ?? "", vhost: request.queryValue("vhost") ?? "",
                                 app: request.queryValue("app") ?? "", stream: request.queryValue("stream") ?? "")
        let origin = clusterOrigin(query, request.queryValue("coworker") ?? "")
        reply(APIBodies.clusters(query: query, origin: origin), request, connection)
    }

    private func methodNotAllowed(_ request: HTTPRequest, _ connection: HTTPConnection) {
        server.respondError(.methodNotAllowed, request, connection)
    }

    /// `/api/v1/raw?rpc=raw|reload|reload-fetch` (SRS `SrsGoApiRaw`). A reload runs at the end of
    /// the loop turn, after the reply is queued, as SRS's signal does.
    func raw(_ request: HTTPRequest, _ connection: HTTPConnection) {
        switch APIBodies.raw(rpc: request.queryValue("rpc") ?? "", settings: rawAPI, lastReload: lastReload) {
        case .reply(let body):
            reply(body, request, connection)
        case .reload:
            reply(APIEnvelope.error(code: 0), request, connection)
            server.loop.deferToIterationEnd { [weak self] in self?.reloadRequested() }
        }
    }
}
