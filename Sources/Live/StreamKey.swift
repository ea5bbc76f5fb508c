/// The identity of one live stream, SRS's `stream_url`: `/app/stream`, or `vhost/app/stream`
/// for a named vhost.
public struct StreamKey: Hashable, CustomStringConvertible, Sendable {
    public static let defaultVhost = "__defaultVhost__"

    public let vhost: String
    public let app: String
    public let stream: String

    public init(vhost: String, app: String, stream: String) {
        self.vhost = vhost
        self.app = app
        self.stream = stream
    }

    /// SRS compat: the default vhost is omitted from the url.
    public var url: String {
        vhost == StreamKey.defaultVhost ? "/\(app)/\(stream)" : "\(vhost)/\(app)/\(stream)"
    }

    public var description: String { url }
}
