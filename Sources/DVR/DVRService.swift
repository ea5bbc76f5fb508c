import Core
import Live

/// DVR for the whole server: one recorder per stream whose vhost has `dvr` enabled and whose
/// `app/stream` `dvr_apply` selects, attached to the source as an observer while it publishes.
///
/// Reload (`apply`): a recording whose vhost settings changed finishes its file and goes on in a
/// new one under the new settings; a live stream that the new settings record starts at its next
/// packet; one they no longer record stops. New publishes always take the current settings.
public final class DVRService {
    /// DVR settings of a vhost name (its own vhost, else the default one); nil = off.
    public private(set) var settingsLookup: (String) -> DVRSettings?
    public private(set) var recorders: [StreamKey: DVRRecorder] = [:]
    /// A file was finished and renamed onto its final name (the on_dvr hook's moment). Called on
    /// the loop, synchronously from packet delivery or unpublish: defer work that touches sources.
    public var onFileClosed: ((DVRFile) -> Void)?

    private let store: DVRFileStore
    private let monotonicNow: () -> Int64
    private let wallNow: () -> Int64

    public init(settingsLookup: @escaping (String) -> DVRSettings?, store: DVRFileStore = PosixDVRFileStore(),
                monotonicNow: @escaping () -> Int64 = Clock.monotonicMillis,
                wallNow: @escaping () -> Int64 = Clock.wallMillis) {
        self.settingsLookup = settingsLookup
        self.store = store
        self.monotonicNow = monotonicNow
        self.wallNow = wallNow
    }

    /// A stream started publishing: record it when its vhost's settings select it.
    public func sourceDidStartPublishing(_ source: LiveSource) {
        let key = source.key
        guard let settings = settingsLookup(key.vhost), settings.records(app: key.app, stream: key.stream) else {
            recorders[key]?.stop()
            return
        }
        let recorder = recorder(for: key, settings: settings)
        source.addObserver(recorder)
        recorder.start(source: source, settings: settings)
    }

    /// The recording state of one stream (nil when it was never recorded).
    public func status(of key: StreamKey) -> DVRStatus? { recorders[key]?.status }

    /// Every stream recorded since the server started, by key.
    public var statuses: [StreamKey: DVRStatus] { recorders.mapValues(\.status) }

    /// Reload: new settings for every live recording, recordings for live streams the new
    /// settings select (from their next packet on).
    public func apply(settingsLookup lookup: @escaping (String) -> DVRSettings?, sources: SourceRegistry) {
        settingsLookup = lookup
        for (key, recorder) in recorders where recorder.source?.isPublishing == true {
            recorder.update(settings: lookup(key.vhost) ?? DVRSettings(enabled: false))
        }
        for source in sources.sources.values
        where source.isPublishing && recorders[source.key]?.source == nil && !sources.isMirror(source.key) {
            let key = source.key
            guard let settings = lookup(key.vhost), settings.records(app: key.app, stream: key.stream) else { continue }
            let recorder = recorder(for: key, settings: settings)
            source.addObserver(recorder)
            recorder.resume(source: source, settings: settings)
        }
    }

    /// Quit: every open file is finished and renamed, and recorders leave their sources.
    public func stop() {
        for recorder in recorders.values {
            recorder.stop()
            recorder.detach()
        }
    }

    private func recorder(for key: StreamKey, settings: DVRSettings) -> DVRRecorder {
        if let existing = recorders[key] { return existing }
        let recorder = DVRRecorder(key: key, settings: settings, store: store, monotonicNow: monotonicNow, wallNow: wallNow)
        recorder.onFileClosed = { [weak self] file in self?.onFileClosed?(file) }
        recorders[key] = recorder
        return recorder
    }
}
