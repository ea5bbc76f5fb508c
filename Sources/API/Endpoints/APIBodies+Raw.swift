/// What `/api/v1/raw?rpc=…` does (SRS `SrsGoApiRaw::serve_http`).
public enum RawAPIAnswer: Sendable, Equatable {
    /// Reply with this body.
    case reply(JSONValue)
    /// Reload the config, then reply `{"code":0}`.
    case reload
}

extension APIBodies {
    /// SRS `ERROR_SYSTEM_CONFIG_RAW`: an rpc the raw API does not know.
    public static let rawBadRPCCode = 1060
    /// SRS `ERROR_SYSTEM_CONFIG_RAW_DISABLED`: raw_api (or allow_reload) is off.
    public static let rawDisabledCode = 1061

    /// `rpc=raw` answers even when the raw API is off; every other rpc needs `raw_api.enabled`,
    /// `reload` also `allow_reload`; `reload-fetch` reports the last reload.
    public static func raw(rpc: String, settings: RawAPISettings, lastReload: ReloadRecord) -> RawAPIAnswer {
        if rpc == "raw" {
            return .reply(APIEnvelope.bare([("http_api", .object([
                ("enabled", .bool(settings.apiEnabled)),
                ("listen", .string(settings.apiListen)),
                ("crossdomain", .bool(settings.crossdomain)),
                ("raw_api", .object([
                    ("enabled", .bool(settings.enabled)),
                    ("allow_reload", .bool(settings.allowReload)),
                    ("allow_query", .bool(false)),
                    ("allow_update", .bool(false)),
                ])),
            ]))]))
        }
        guard settings.enabled else { return .reply(APIEnvelope.error(code: rawDisabledCode)) }
        switch rpc {
        case "reload":
            return settings.allowReload ? .reload : .reply(APIEnvelope.error(code: rawDisabledCode))
        case "reload-fetch":
            return .reply(APIEnvelope.bare([("data", .object([
                ("err", .int(Int64(lastReload.err))),
                ("msg", .string(lastReload.msg)),
                ("state", .int(Int64(lastReload.state.rawValue))),
                ("rid", .string(lastReload.rid)),
            ]))]))
        default:
            return .reply(APIEnvelope.error(code: rawBadRPCCode))
        }
    }
}
