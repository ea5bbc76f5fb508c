import Live

/// The URL an edge asks its origin for (srs-facts §10, SRS `srs_generate_rtmp_url` and
/// `srs_generate_stream_with_query`): `rtmp://<origin>:<port>/<app>` as tcUrl, and the stream
/// with the client's query plus `vhost=` unless the query has one already, the vhost is the
/// default one, or (default vhost) the client's host is an IPv4 address.
public struct UpstreamURL: Equatable, Sendable {
    public var tcUrl: String
    public var app: String
    /// Stream name with its query (`livestream?token=1&vhost=v`).
    public var stream: String

    public init(origin: OriginEndpoint, request: StreamRequest, upstreamVhost: String) {
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        tcUrl = "rtmp://\(host):\(origin.port)/\(request.key.app)"
        app = request.key.app
        stream = request.key.stream + UpstreamURL.query(param: request.param, vhost: upstreamVhost, clientHost: request.host)
    }

    /// `?query` with the vhost added as SRS does; empty when there is nothing to say.
    public static func query(param: String, vhost: String, clientHost: String) -> String {
        var query = param
        if !query.contains("vhost=") {
            var guess = ""
            if !vhost.isEmpty && vhost != StreamKey.defaultVhost {
                guess = vhost
            } else if !clientHost.isEmpty && !isIPv4(clientHost) {
                guess = clientHost
            }
            if !guess.isEmpty { query += "&vhost=" + guess }
        }
        let trimmed = query.drop { $0 == "&" || $0 == "?" }
        return trimmed.isEmpty ? "" : "?" + trimmed
    }

    /// An HTTP-FLV pull URL: `http://<origin>/<app>/<stream>.flv<query>`.
    public static func flv(origin: OriginEndpoint, request: StreamRequest, upstreamVhost: String, secure: Bool) -> String {
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        let scheme = secure ? "https" : "http"
        let query = UpstreamURL.query(param: request.param, vhost: upstreamVhost, clientHost: request.host)
        return "\(scheme)://\(host):\(origin.port)/\(request.key.app)/\(request.key.stream).flv\(query)"
    }

    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }
}
