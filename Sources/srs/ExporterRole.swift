import APIService
import Config

extension ExporterConfig {
    /// What the API service needs of `exporter {}` (the listener goes with the HTTP settings).
    var settings: ExporterSettings { ExporterSettings(enabled: enabled, label: label, tag: tag) }
}

/// The Prometheus exporter: `/metrics` is served by the API service on the exporter's listener,
/// which the HTTP server opens, moves and closes with its other listeners (`httpSettings`).
final class ExporterRole: ServerService {
    private unowned let api: APIService

    init(api: APIService, config: ServerConfig) {
        self.api = api
        api.exporter = config.exporter.settings
    }

    /// `enabled`, `label` and `tag` apply to the next scrape.
    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        api.exporter = config.exporter.settings
    }

    func drain() {}

    func stop() {}
}
