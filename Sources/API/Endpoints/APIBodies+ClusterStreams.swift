/// Beyond SRS: `GET /api/v1/streams/?cluster=on` on an origin-cluster member.
extension APIBodies {
    /// The envelope, then `streams` (ours and every coworker's, each with `"api"` = the node that
    /// reported it, ours first as `"self"`), then `coworkers` (`api`, `ok`, `streams`, `error` each).
    public func clusterStreams(local: [JSONValue], peers: [(api: String, streams: [JSONValue]?, error: String)]) -> JSONValue {
        var streams = local.map { APIBodies.tagged($0, api: "self") }
        var coworkers: [JSONValue] = []
        for peer in peers {
            streams += (peer.streams ?? []).map { APIBodies.tagged($0, api: peer.api) }
            coworkers.append(["api": .string(peer.api), "ok": .bool(peer.streams != nil),
                              "streams": .int(Int64(peer.streams?.count ?? 0)), "error": .string(peer.error)])
        }
        return envelope.success([("streams", .array(streams)), ("coworkers", .array(coworkers))])
    }

    static func tagged(_ stream: JSONValue, api: String) -> JSONValue {
        guard let pairs = stream.objectValue else { return stream }
        var object = JSONObjectBuilder(pairs)
        object.set("api", .string(api))
        return object.value
    }
}
