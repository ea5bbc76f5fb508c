extension HTTPServerConfig {
    /// Reads the root `http_server` block (legacy `http_stream` is renamed before this).
    init(reading server: BlockReader) {
        let d = HTTPServerConfig.defaults
        self.init(
            enabled: server.flag("enabled", preferTrue: false, default: d.enabled),
            listen: server.listenAddress(default: d.listen),
            dir: server.string("dir", default: d.dir),
            crossdomain: server.flag("crossdomain", preferTrue: true, default: d.crossdomain),
            https: HTTPSConfig(reading: server.block("https"), default: d.https)
        )
    }
}
