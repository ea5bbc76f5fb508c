extension PublishConfig {
    /// Reads `vhost.publish`.
    init(reading publish: BlockReader) {
        let d = PublishConfig.defaults
        self.init(
            firstpktTimeout: publish.milliseconds("firstpkt_timeout", default: d.firstpktTimeout),
            normalTimeout: publish.milliseconds("normal_timeout", default: d.normalTimeout),
            parseSps: publish.flag("parse_sps", preferTrue: true, default: d.parseSps),
            tryAnnexbFirst: publish.flag("try_annexb_first", preferTrue: true, default: d.tryAnnexbFirst),
            kickoffForIdle: publish.seconds("kickoff_for_idle", fractional: true, default: d.kickoffForIdle)
        )
    }
}
