extension HLSConfig {
    /// Reads `vhost.hls`.
    init(reading hls: BlockReader) {
        let d = HLSConfig.defaults
        let path = hls.string("hls_path", default: d.path)
        self.init(
            enabled: hls.flag("enabled", preferTrue: false, default: d.enabled),
            fragment: hls.seconds("hls_fragment", fractional: true, default: d.fragment),
            tdRatio: hls.double("hls_td_ratio", default: d.tdRatio),
            aofRatio: hls.double("hls_aof_ratio", default: d.aofRatio),
            window: hls.seconds("hls_window", fractional: true, default: d.window),
            // SRS compat: anything but ignore/continue ends up disconnecting the publisher.
            onError: hls.keyword("hls_on_error", default: d.onError, unknown: .disconnect,
                                 ["ignore": .ignore, "disconnect": .disconnect, "continue": .continue]),
            path: path,
            m3u8File: hls.string("hls_m3u8_file", default: d.m3u8File),
            tsFile: hls.string("hls_ts_file", default: d.tsFile),
            tsFloor: hls.flag("hls_ts_floor", preferTrue: false, default: d.tsFloor),
            entryPrefix: hls.string("hls_entry_prefix", default: d.entryPrefix),
            audioCodec: hls.keyword("hls_acodec", default: d.audioCodec, unknown: .aac,
                                    ["aac": .aac, "mp3": .mp3, "an": .none]),
            videoCodec: hls.keyword("hls_vcodec", default: d.videoCodec, unknown: .h264, ["h264": .h264, "vn": .none]),
            cleanup: hls.flag("hls_cleanup", preferTrue: true, default: d.cleanup),
            dispose: hls.seconds("hls_dispose", fractional: false, default: d.dispose),
            nbNotify: hls.int("hls_nb_notify", default: d.nbNotify),
            waitKeyframe: hls.flag("hls_wait_keyframe", preferTrue: true, default: d.waitKeyframe),
            // SRS compat: default off, but any word except `off` turns it on.
            keys: hls.flag("hls_keys", preferTrue: true, default: d.keys),
            fragmentsPerKey: hls.int("hls_fragments_per_key", default: d.fragmentsPerKey),
            keyFile: hls.string("hls_key_file", default: d.keyFile),
            keyFilePath: hls.string("hls_key_file_path", default: path),
            keyURL: hls.string("hls_key_url", default: d.keyURL),
            dtsDirectly: hls.flag("hls_dts_directly", preferTrue: true, default: d.dtsDirectly),
            ctx: hls.flag("hls_ctx", preferTrue: true, default: d.ctx),
            tsCtx: hls.flag("hls_ts_ctx", preferTrue: true, default: d.tsCtx)
        )
    }
}
