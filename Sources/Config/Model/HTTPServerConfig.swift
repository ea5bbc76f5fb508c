/// Root `http_server {}`: static files, HTTP-FLV and HLS delivery.
public struct HTTPServerConfig: Equatable, Sendable {
    public var enabled: Bool
    public var listen: ListenAddress
    /// Web root for static files (and the usual hls_path).
    public var dir: String
    /// CORS headers, for this server and (SRS 5) the API.
    public var crossdomain: Bool
    /// `https {}`: the HTTPS server listener (HTTPS-FLV, HLS, static files).
    public var https: HTTPSConfig

    public static let defaults = HTTPServerConfig(
        enabled: false, listen: ListenAddress(port: 8080), dir: "./objs/nginx/html", crossdomain: true,
        https: .defaults(port: HTTPSConfig.serverPort)
    )
}
