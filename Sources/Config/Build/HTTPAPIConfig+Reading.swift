extension HTTPAPIConfig {
    /// Reads the root `http_api` block.
    init(reading api: BlockReader) {
        let d = HTTPAPIConfig.defaults
        let raw = api.block("raw_api")
        let auth = api.block("auth")
        self.init(
            enabled: api.flag("enabled", preferTrue: false, default: d.enabled),
            listen: api.listenAddress(default: d.listen),
            crossdomain: api.flag("crossdomain", preferTrue: true, default: d.crossdomain),
            rawAPI: RawAPI(
                enabled: raw.flag("enabled", preferTrue: false, default: d.rawAPI.enabled),
                allowReload: raw.flag("allow_reload", preferTrue: false, default: d.rawAPI.allowReload)
            ),
            auth: Auth(
                enabled: auth.flag("enabled", preferTrue: false, default: d.auth.enabled),
                username: auth.string("username", default: d.auth.username),
                password: auth.string("password", default: d.auth.password)
            ),
            https: HTTPSConfig(reading: api.block("https"), default: d.https)
        )
    }
}
