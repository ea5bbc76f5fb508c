/// What `/api/v1/raw` reports and allows (SRS `raw_to_json` and `SrsGoApiRaw`): the `http_api`
/// basics and its `raw_api {}` block. `allow_query` and `allow_update` are always false in SRS 5.
public struct RawAPISettings: Sendable, Equatable {
    public var apiEnabled: Bool
    /// `http_api.listen` as written in the config (`1985`, `127.0.0.1:1985`).
    public var apiListen: String
    public var crossdomain: Bool
    /// `raw_api.enabled`: without it only `rpc=raw` answers.
    public var enabled: Bool
    /// `raw_api.allow_reload`: `rpc=reload` reloads the config.
    public var allowReload: Bool

    public init(apiEnabled: Bool = false, apiListen: String = "1985", crossdomain: Bool = true,
                enabled: Bool = false, allowReload: Bool = false) {
        self.apiEnabled = apiEnabled
        self.apiListen = apiListen
        self.crossdomain = crossdomain
        self.enabled = enabled
        self.allowReload = allowReload
    }
}
