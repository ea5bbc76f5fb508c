/// vhost `http_hooks {}` (srs-facts §5.9): the URLs called for each client and stream event, in
/// order; several per event.
public struct HTTPHooksConfig: Equatable, Sendable {
    public var enabled: Bool
    public var onConnect: [String]
    public var onClose: [String]
    public var onPublish: [String]
    public var onUnpublish: [String]
    public var onPlay: [String]
    public var onStop: [String]
    public var onDvr: [String]
    public var onHls: [String]
    /// GET template with `[app] [stream] [ts_url] [param]`...
    public var onHlsNotify: [String]

    public init(enabled: Bool, onConnect: [String] = [], onClose: [String] = [], onPublish: [String] = [],
                onUnpublish: [String] = [], onPlay: [String] = [], onStop: [String] = [], onDvr: [String] = [],
                onHls: [String] = [], onHlsNotify: [String] = []) {
        self.enabled = enabled
        self.onConnect = onConnect
        self.onClose = onClose
        self.onPublish = onPublish
        self.onUnpublish = onUnpublish
        self.onPlay = onPlay
        self.onStop = onStop
        self.onDvr = onDvr
        self.onHls = onHls
        self.onHlsNotify = onHlsNotify
    }

    public static let defaults = HTTPHooksConfig(enabled: false)
}
