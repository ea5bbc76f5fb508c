extension HTTPRemuxConfig {
    /// Reads `vhost.http_remux`.
    init(reading remux: BlockReader) {
        let d = HTTPRemuxConfig.defaults
        self.init(
            enabled: remux.flag("enabled", preferTrue: false, default: d.enabled),
            mount: remux.string("mount", default: d.mount),
            fastCache: remux.seconds("fast_cache", fractional: true, default: d.fastCache),
            dropIfNotMatch: remux.flag("drop_if_not_match", preferTrue: true, default: d.dropIfNotMatch),
            hasAudio: remux.flag("has_audio", preferTrue: true, default: d.hasAudio),
            hasVideo: remux.flag("has_video", preferTrue: true, default: d.hasVideo),
            guessHasAV: remux.flag("guess_has_av", preferTrue: true, default: d.guessHasAV)
        )
    }
}
