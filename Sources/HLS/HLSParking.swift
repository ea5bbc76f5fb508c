import Core
import Live

/// `workers N`: the unpublished HLS muxers of the process. A stream's muxer outlives its publish
/// (SRS: sequence numbers continue across republish, files stay until `hls_dispose`); with several
/// workers the republish may land on another worker, which takes the muxer from here instead of
/// starting over at sequence 0 over the same file names — and one worker disposes what stays.
///
/// A muxer is used by one thread at a time: the publishing worker's, or under this lock while
/// parked (taking it, its dispose timer, reload).
public final class HLSParking: @unchecked Sendable {
    private let lock = Lock()
    private var muxers: [StreamKey: HLSMuxer] = [:]

    public init() {}

    func park(_ muxer: HLSMuxer) { lock.withLock { muxers[muxer.key] = muxer } }

    func take(_ key: StreamKey) -> HLSMuxer? { lock.withLock { muxers.removeValue(forKey: key) } }

    /// The dispose timer of every parked muxer (one worker runs it).
    func tick(nowMillis: Int64) {
        lock.withLock {
            for muxer in muxers.values { muxer.tick(nowMillis: nowMillis) }
        }
    }

    /// Reload: new settings for the parked muxers (e.g. another `hls_dispose`).
    func update(settingsLookup lookup: (String) -> HLSSettings?) {
        lock.withLock {
            for (key, muxer) in muxers { muxer.update(settings: lookup(key.vhost) ?? HLSSettings(enabled: false)) }
        }
    }

    /// Parked muxers (tests).
    public var count: Int { lock.withLock { muxers.count } }
}
