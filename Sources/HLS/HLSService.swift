import Core
import Live

/// HLS for the whole server: one muxer per stream whose vhost has `hls` enabled, attached to
/// the source as an observer; dispose timers; reload.
///
/// What reload does to live streams: a stream whose vhost turns HLS on starts writing at its
/// next packet (from the cached sequence headers, with a discontinuity); turning it off closes
/// the current segment and keeps the files until `hls_dispose`; other changes close the current
/// segment and continue in a new one under the new settings.
public final class HLSService {
    /// HLS settings of a vhost name (its own vhost, else the default one); nil or disabled = off.
    public var settingsLookup: (String) -> HLSSettings?
    public private(set) var muxers: [StreamKey: HLSMuxer] = [:]
    /// Asks the RTMP side to drop a publisher (`hls_on_error disconnect`).
    public var disconnectPublisher: ((StreamKey) -> Void)?
    /// A segment of some stream was published (on_hls, on_hls_notify).
    public var onSegment: ((HLSSegmentEvent) -> Void)?
    /// `workers N`: where unpublished muxers wait for the next publish on any worker; the worker
    /// with `disposesParked` runs their dispose timers.
    public var parking: HLSParking?
    public var disposesParked = false

    public init(settingsLookup: @escaping (String) -> HLSSettings?) {
        self.settingsLookup = settingsLookup
    }

    /// A stream started publishing: attach its muxer when HLS is on for its vhost.
    public func sourceDidStartPublishing(_ source: LiveSource) {
        guard let settings = settingsLookup(source.key.vhost), settings.enabled else { return }
        let muxer = muxer(for: source.key, settings: settings)
        source.addObserver(muxer)
    }

    private func muxer(for key: StreamKey, settings: HLSSettings) -> HLSMuxer {
        if let existing = muxers[key] {
            existing.update(settings: settings)
            return existing
        }
        let muxer: HLSMuxer
        if let parked = parking?.take(key) {
            parked.update(settings: settings)
            muxer = parked
        } else {
            muxer = HLSMuxer(key: key, settings: settings)
        }
        if let parking {
            muxer.onUnpublish = { [weak self, unowned muxer] source in
                source.removeObserver(muxer)
                self?.muxers[key] = nil
                // Parked, it belongs to no worker: the next one sets its own callbacks.
                muxer.onSegment = nil
                muxer.onDisconnectRequest = nil
                muxer.onUnpublish = nil
                parking.park(muxer)
            }
        }
        muxer.onDisconnectRequest = { [weak self] error in
            log.warn("hls: \(error), hls_on_error=disconnect drops the publisher of \(key.url)")
            self?.disconnectPublisher?(key)
        }
        muxer.onSegment = { [weak self] event in self?.onSegment?(event) }
        muxers[key] = muxer
        return muxer
    }

    /// Once a second: dispose files of streams unpublished for `hls_dispose`.
    ///
    /// SRS compat: a stream's muxer lives as long as the process, so sequence numbers continue
    /// across republish; once disposed it is only detached from the source, which may then be
    /// released.
    public func tick(nowMillis: Int64, sources: SourceRegistry) {
        for (key, muxer) in muxers {
            muxer.tick(nowMillis: nowMillis)
            guard !muxer.status.isPublishing, muxer.segments.isEmpty,
                  let source = sources.source(for: key), !source.isPublishing else { continue }
            source.removeObserver(muxer)
            sources.releaseIfIdle(key)
        }
        if disposesParked { parking?.tick(nowMillis: nowMillis) }
    }

    /// Reload: new settings for every muxer; streams of vhosts that turned HLS on get one.
    public func apply(settingsLookup lookup: @escaping (String) -> HLSSettings?, sources: SourceRegistry) {
        settingsLookup = lookup
        if disposesParked { parking?.update(settingsLookup: lookup) }
        for (key, muxer) in muxers {
            let settings = lookup(key.vhost) ?? HLSSettings(enabled: false)
            muxer.update(settings: settings)
        }
        for source in sources.sources.values where source.isPublishing && muxers[source.key] == nil && !sources.isMirror(source.key) {
            sourceDidStartPublishing(source)
        }
    }
}
