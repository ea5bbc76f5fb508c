/// A vhost's `http_hooks {}` as the hooks service uses it.
public struct HookSettings: Equatable, Sendable {
    public var onConnect: [String]
    public var onClose: [String]
    public var onPublish: [String]
    public var onUnpublish: [String]
    public var onPlay: [String]
    public var onStop: [String]
    public var onDvr: [String]

    public init(onConnect: [String] = [], onClose: [String] = [], onPublish: [String] = [], onUnpublish: [String] = [],
                onPlay: [String] = [], onStop: [String] = [], onDvr: [String] = []) {
        self.onConnect = onConnect
        self.onClose = onClose
        self.onPublish = onPublish
        self.onUnpublish = onUnpublish
        self.onPlay = onPlay
        self.onStop = onStop
        self.onDvr = onDvr
    }
}
