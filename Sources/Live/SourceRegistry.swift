/// All live sources of the process, by stream url.
public final class SourceRegistry {
    public private(set) var sources: [StreamKey: LiveSource] = [:]

    /// The supplier of new sources of a key (the edge service for edge vhosts), set by the root.
    public var supplierFor: (StreamKey) -> SourceSupplier? = { _ in nil }
    /// Who decides between publishers of several workers (`workers N`); nil with one worker.
    public weak var arbiter: PublishArbiter?
    /// `workers N`: whether a source is fed by another worker of this process (a mirror). What
    /// writes files of a stream (HLS, DVR) leaves mirrors alone: the publisher's worker writes them.
    public var isMirror: (StreamKey) -> Bool = { _ in false }

    public init() {}

    public func source(for key: StreamKey) -> LiveSource? { sources[key] }

    /// The source of `key`, created on first publish or play (SRS creates it for players too).
    public func fetchOrCreate(_ key: StreamKey, settings: PlaySettings) -> LiveSource {
        if let existing = sources[key] { return existing }
        let source = LiveSource(key: key, settings: settings)
        source.supplier = supplierFor(key)
        source.arbiter = arbiter
        sources[key] = source
        return source
    }

    /// SRS's merged-write timeout for every player of every source (`LiveSource.wakeLateConsumers`).
    public func wakeLateConsumers(now: Int64) {
        for source in sources.values { source.wakeLateConsumers(now: now) }
    }

    /// Drops the source when nobody publishes, plays or observes it any more.
    public func releaseIfIdle(_ key: StreamKey) {
        if let source = sources[key], source.isIdle { sources[key] = nil }
    }
}
