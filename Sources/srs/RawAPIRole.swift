import API
import APIService
import Config

extension ServerConfig {
    /// What `/api/v1/raw` reports: `http_api` as configured and its `raw_api {}`.
    var rawAPISettings: RawAPISettings {
        let api = httpAPI
        let listen = api.listen.host == ListenAddress.anyHost ? "\(api.listen.port)" : api.listen.description
        return RawAPISettings(apiEnabled: api.enabled, apiListen: listen, crossdomain: api.crossdomain,
                              enabled: api.rawAPI.enabled, allowReload: api.rawAPI.allowReload)
    }
}

/// The raw API (`http_api.raw_api`): `rpc=raw` shows its settings, `rpc=reload` reloads the
/// config like SIGHUP when `allow_reload` is on, `rpc=reload-fetch` reports the last reload.
final class RawAPIRole: ServerService {
    private unowned let api: APIService

    init(api: APIService, config: ServerConfig, reload: @escaping () -> Void) {
        self.api = api
        api.rawAPI = config.rawAPISettings
        api.reloadRequested = reload
    }

    /// A reload that turned raw_api or allow_reload off refuses the next rpc at once.
    func apply(_ diff: ConfigDiff, config: ServerConfig) {
        api.rawAPI = config.rawAPISettings
    }

    func drain() {}

    func stop() {}
}
