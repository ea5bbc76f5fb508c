extension PlayConfig {
    /// Reads `vhost.play`; `minLatency` is the vhost's, which changes the mw_msgs default.
    init(reading play: BlockReader, minLatency: Bool) {
        let d = PlayConfig.defaults
        var mwMsgs = play.int("mw_msgs", default: minLatency ? 0 : d.mwMsgs)
        if mwMsgs > PlayConfig.maxMwMsgs, let (directive, _) = play.value("mw_msgs") {
            play.diagnostics.warn(at: directive, "vhost.play.mw_msgs \(mwMsgs) reset to max \(PlayConfig.maxMwMsgs)")
            mwMsgs = PlayConfig.maxMwMsgs
        }
        self.init(
            gopCache: play.flag("gop_cache", preferTrue: true, default: d.gopCache),
            gopCacheMaxFrames: play.int("gop_cache_max_frames", default: d.gopCacheMaxFrames),
            queueLength: play.seconds("queue_length", fractional: false, default: d.queueLength),
            // SRS compat: any unknown word means off (srs_time_jitter_string2int).
            timeJitter: play.keyword("time_jitter", default: d.timeJitter, unknown: .off,
                                     ["full": .full, "zero": .zero, "off": .off]),
            mixCorrect: play.flag("mix_correct", preferTrue: false, default: d.mixCorrect),
            atc: play.flag("atc", preferTrue: false, default: d.atc),
            atcAuto: play.flag("atc_auto", preferTrue: false, default: d.atcAuto),
            mwLatency: play.milliseconds("mw_latency", default: d.mwLatency),
            mwMsgs: mwMsgs,
            sendMinInterval: play.fractionalMilliseconds("send_min_interval", default: d.sendMinInterval),
            reduceSequenceHeader: play.flag("reduce_sequence_header", preferTrue: false, default: d.reduceSequenceHeader)
        )
    }
}
