extension HTTPSConfig {
    /// Reads an `https {}` block (`http_api.https`, `http_server.https`).
    init(reading https: BlockReader, default d: HTTPSConfig) {
        self.init(
            enabled: https.flag("enabled", preferTrue: false, default: d.enabled),
            listen: https.listenAddress(default: d.listen),
            key: https.string("key", default: d.key),
            cert: https.string("cert", default: d.cert)
        )
    }
}
