import API
import Config
import DVR
import Live

extension DVRConfig {
    /// The recorder's view of `dvr {}`.
    func settings(utcTime: Bool) -> DVRSettings {
        let plan: DVRSettings.Plan
        switch self.plan {
        case .session: plan = .session
        case .segment: plan = .segment
        }
        let apply: DVRApply
        switch self.apply {
        case .all: apply = .all
        case .streams(let names): apply = .streams(names)
        }
        let jitter: JitterMode
        switch timeJitter {
        case .full: jitter = .full
        case .zero: jitter = .zero
        case .off: jitter = .off
        }
        return DVRSettings(enabled: enabled, apply: apply, path: path, plan: plan, duration: duration,
                           waitKeyframe: waitKeyframe, jitter: jitter, utcTime: utcTime)
    }
}

extension ServerConfig {
    /// DVR settings by vhost name (own vhost, else the default one); nil for disabled vhosts.
    func dvrLookup() -> (String) -> DVRSettings? {
        let resolve = vhostResolver()
        let utc = utcTime
        return { name in
            guard let vhost = resolve(name), vhost.enabled, vhost.dvr.enabled else { return nil }
            return vhost.dvr.settings(utcTime: utc)
        }
    }
}

/// Recording of published streams (vhost `dvr {}`): the DVR service behind the root's service
/// lifecycle. `service.onFileClosed` is where on_dvr hooks attach.
final class DVRRole: ServerService {
    let service: DVRService
    private let registry: SourceRegistry

    init(config: ServerConfig, registry: SourceRegistry) {
        self.registry = registry
        service = DVRService(settingsLookup: config.dvrLookup())
    }

    /// A stream's recording for the API.
    func snapshot(of key: StreamKey) -> RecordingSnapshot? {
        guard let status = service.status(of: key) else { return nil }
        return RecordingSnapshot(recording: status.isRecording, file: status.currentPath ?? status.lastFile?.path ?? "",
                                 files: Int64(status.filesWritten), bytes: status.bytesWritten + status.currentBytes,
                                 lastError: status.lastError.map { "\($0)" } ?? "")
    }

    /// A stream got a publisher (local, or an edge pull).
    func sourceDidStartPublishing(_ source: LiveSource) {
        service.sourceDidStartPublishing(source)
    }

    /// Live recordings whose vhost settings changed go on in a new file; new publishes use them.
    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        service.apply(settingsLookup: config.dvrLookup(), sources: registry)
    }

    /// Graceful quit: recordings go on while their publishers stay.
    func drain() {}

    /// Every open file is finished and renamed.
    func stop() {
        service.stop()
    }
}
