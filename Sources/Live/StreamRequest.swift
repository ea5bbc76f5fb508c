/// How a client asked for a stream, for features that act on its behalf (an edge pulls or
/// pushes with the client's tcUrl and parameters; an origin cluster redirects it).
public struct StreamRequest: Equatable, Sendable {
    /// The protocol the client speaks.
    public enum Format: String, Equatable, Sendable { case rtmp, flv, ts, hls }

    public var key: StreamKey
    /// RTMP tcUrl, or `http://host/app` for HTTP clients.
    public var tcUrl: String
    /// The query with its leading `?`, or empty.
    public var param: String
    /// The host the client connected to (tcUrl host or HTTP `Host`), without the port.
    public var host: String
    public var clientIP: String
    public var format: Format
    public var pageUrl: String

    public init(key: StreamKey, tcUrl: String, param: String, host: String, clientIP: String, format: Format,
                pageUrl: String = "") {
        self.key = key
        self.tcUrl = tcUrl
        self.param = param
        self.host = host
        self.clientIP = clientIP
        self.format = format
        self.pageUrl = pageUrl
    }
}
