extension ExporterConfig {
    /// Reads the root `exporter` block.
    init(reading exporter: BlockReader) {
        let d = ExporterConfig.defaults
        self.init(
            enabled: exporter.flag("enabled", preferTrue: false, default: d.enabled),
            listen: exporter.listenAddress(default: d.listen),
            label: exporter.string("label", default: d.label),
            tag: exporter.string("tag", default: d.tag)
        )
    }
}
