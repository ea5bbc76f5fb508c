import Core

/// Builds every SRS v5 HTTP API body as a `JSONValue` from plain snapshots (§9.2). Pure: no IO.
///
/// Key names and order follow `srs_app_http_api.cpp` / `srs_app_statistic.cpp` exactly.
public struct APIBodies: Sendable {
    public var envelope: APIEnvelope

    public init(envelope: APIEnvelope) {
        self.envelope = envelope
    }

    /// `GET /api/v1/versions`.
    public func versions(_ info: VersionInfo = VersionInfo()) -> JSONValue {
        envelope.success([
            ("data", [
                "major": .integer(info.major),
                "minor": .integer(info.minor),
                "revision": .integer(info.revision),
                "version": .string(info.version),
            ]),
        ])
    }

    /// `GET /api/v1/authors`.
    public func authors(_ info: AuthorsInfo = AuthorsInfo()) -> JSONValue {
        envelope.success([
            ("data", ["license": .string(info.license), "contributors": .string(info.contributors)]),
        ])
    }

    /// `GET /api/v1/features`.
    public func features(_ f: FeaturesSnapshot = FeaturesSnapshot()) -> JSONValue {
        let flags: JSONValue = [
            "ssl": .bool(f.ssl), "hls": .bool(f.hls), "hds": .bool(f.hds), "callback": .bool(f.callback),
            "api": .bool(f.api), "httpd": .bool(f.httpd), "dvr": .bool(f.dvr), "transcode": .bool(f.transcode),
            "ingest": .bool(f.ingest), "stat": .bool(f.stat), "caster": .bool(f.caster),
            "complex_send": .bool(f.complexSend), "tcp_nodelay": .bool(f.tcpNodelay),
            "so_sendbuf": .bool(f.soSendbuf), "mr": .bool(f.mergedRead),
        ]
        return envelope.success([
            ("data", [
                "options": .string(f.options), "options2": .string(f.options2),
                "build": .string(f.build), "build2": .string(f.build2), "features": flags,
            ]),
        ])
    }

    /// `/api/v1/tests/errors`: always `{"code":100}`.
    public static func testError() -> JSONValue {
        APIEnvelope.error(code: 100)
    }
}

extension APIBodies {
    /// `/api/v1/tests/requests`. SRS compat: `headers` is first filled from the request, then
    /// replaced in place by the server object (`sigature` [sic], version, link, time), so the
    /// request headers never appear.
    public func testRequests(uri: String, path: String, method: String, nowMillis: Int64) -> JSONValue {
        envelope.success([
            ("data", [
                "uri": .string(uri), "path": .string(path), "METHOD": .string(method),
                "headers": [
                    "sigature": .string(ServerVersion.key), "version": .string(ServerVersion.string),
                    "link": .string(ServerVersion.url), "time": .int(nowMillis),
                ],
            ]),
        ])
    }
}
