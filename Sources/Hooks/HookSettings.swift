/// A vhost's `http_hooks {}` as the hooks service uses it.
public struct HookSettings: Equatable, Sendable {
    public var onConnect: [String]
    public var onClose: [String]
    public var onPublish: [String]
    public var onUnpublish: [String]
    public var onPlay: [String]
    public var onStop: [String]
    public var onDvr: [String]
    public var onHls: [String]
    public var onHlsNotify: [String]
    /// Bytes read of an on_hls_notify answer (`hls_nb_notify`).
    public var notifyBytes: Int

    public init(onConnect: [String] = [], onClose: [String] = [], onPublish: [String] = [], onUnpublish: [String] = [],
                onPlay: [String] = [], onStop: [String] = [], onDvr: [String] = [], onHls: [String] = [],
                onHlsNotify: [String] = [], notifyBytes: Int = 64) {
        self.onHls = onHls
        self.onHlsNotify = onHlsNotify
        self.notifyBytes = notifyBytes
        self.onConnect = onConnect
        self.onClose = onClose
        self.onPublish = onPublish
        self.onUnpublish = onUnpublish
        self.onPlay = onPlay
        self.onStop = onStop
        self.onDvr = onDvr
    }
}
