extension HTTPHooksConfig {
    /// Reads `vhost.http_hooks`.
    init(reading hooks: BlockReader) {
        self.init(
            enabled: hooks.flag("enabled", preferTrue: false, default: HTTPHooksConfig.defaults.enabled),
            onConnect: hooks.list("on_connect"), onClose: hooks.list("on_close"),
            onPublish: hooks.list("on_publish"), onUnpublish: hooks.list("on_unpublish"),
            onPlay: hooks.list("on_play"), onStop: hooks.list("on_stop"), onDvr: hooks.list("on_dvr"),
            onHls: hooks.list("on_hls"), onHlsNotify: hooks.list("on_hls_notify")
        )
    }
}

extension ForwardConfig {
    /// Reads `vhost.forward`.
    init(reading forward: BlockReader) {
        self.init(enabled: forward.flag("enabled", preferTrue: false, default: ForwardConfig.defaults.enabled),
                  destinations: forward.list("destination"))
    }
}
