/// `/api/v1/clusters` (§11): `{"code":0,"data":{"query":{…},"origin":{…}|null}}`, no envelope ids.
extension APIBodies {
    public static func clusters(query: ClusterQuery, origin: ClusterOrigin?) -> JSONValue {
        let originValue: JSONValue = origin.map {
            var object = JSONObjectBuilder([("ip", .string($0.ip)), ("port", .int($0.port)), ("vhost", .string($0.vhost)),
                                            ("api", .string($0.api)), ("routers", .array($0.routers.map(JSONValue.string)))])
            object.setIfPresent("http", $0.http.map(JSONValue.string))
            return object.value
        } ?? .null
        return APIEnvelope.bare([
            ("data", [
                "query": ["ip": .string(query.ip), "vhost": .string(query.vhost), "app": .string(query.app),
                          "stream": .string(query.stream)],
                "origin": originValue,
            ]),
        ])
    }
}
