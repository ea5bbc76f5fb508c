/// Cross-directive checks of SRS `check_normal_config` that need more than one value.
enum ConfigChecks {
    /// RTMP chunk sizes outside this range only warn (SRS compat).
    static let chunkSizeRange = 128...65536

    static func check(root: Directive, config: ServerConfig, diagnostics: Diagnostics) {
        if let full = root.first("is_full"), full.arg0 == "on" {
            diagnostics.error(at: full, "never use full.conf, it is a reference of every directive")
        }
        if config.daemon && config.asprocess, let asprocess = root.first("asprocess") {
            diagnostics.error(at: asprocess, "daemon conflicts with asprocess")
        }
        if !chunkSizeRange.contains(config.chunkSize), let chunk = root.first("chunk_size") {
            diagnostics.warn(at: chunk, "chunk_size=\(config.chunkSize) should be in [128, 65536]")
        }
        if let pithy = root.first("pithy_print_ms") {
            diagnostics.warn(at: pithy, "directive pithy_print_ms is not supported yet, ignored "
                             + "(no periodic stat lines: the API and /metrics carry those figures)")
        }
        for vhost in root.all("vhost") {
            let config = config.vhosts.first { $0.name == vhost.arg0 }
            checkVhost(vhost, config: config, diagnostics: diagnostics)
            if let config { checkUnsupportedValues(vhost, config: config, diagnostics: diagnostics) }
        }
    }

    /// Directives that work with their default value only: any other value is reported, not
    /// silently ignored.
    private static func checkUnsupportedValues(_ vhost: Directive, config: VhostConfig, diagnostics: Diagnostics) {
        if config.play.sendMinInterval > .zero,
           let at = vhost.first("play")?.first("send_min_interval") ?? vhost.first("send_min_interval") {
            diagnostics.warn(at: at, "directive vhost.play.send_min_interval > 0 is not supported yet, ignored "
                             + "(players get merged writes) of \(vhost.arg0)")
        }
        if !config.hls.dtsDirectly, let at = vhost.first("hls")?.first("hls_dts_directly") {
            diagnostics.warn(at: at, "directive vhost.hls.hls_dts_directly off is not supported yet, ignored "
                             + "(HLS uses the stream's timestamps) of \(vhost.arg0)")
        }
    }

    private static func checkVhost(_ vhost: Directive, config: VhostConfig?, diagnostics: Diagnostics) {
        let name = vhost.arg0
        let remuxes = vhost.all("http_remux")
        if remuxes.count > 1 {
            diagnostics.error(at: remuxes[1], "vhost.http_remux only one but count=\(remuxes.count) of \(name)")
        }
        if let chunk = vhost.first("chunk_size"), let size = config?.chunkSize, !chunkSizeRange.contains(size) {
            diagnostics.warn(at: chunk, "chunk_size=\(size) of \(name) should be in [128, 65536]")
        }
        if let config, config.hls.enabled, config.httpRemux.enabled, config.httpRemux.mount.hasSuffix(".ts"),
           let remux = remuxes.first {
            diagnostics.error(at: remux, "vhost.hls conflict with vhost.http-ts of \(name)")
        }
        // forward is not implemented, but SRS refuses this combination, so do we.
        if let forward = vhost.first("forward"), forward.first("enabled")?.arg0 == "on",
           let config, config.publish.kickoffForIdle > .zero {
            diagnostics.error(at: forward, "vhost.forward conflicts with vhost.publish.kickoff_for_idle of \(name)")
        }
        var ingestIDs: Set<String> = []
        for ingest in vhost.all("ingest") where !ingestIDs.insert(ingest.arg0).inserted {
            diagnostics.error(at: ingest, "ingest id=\(ingest.arg0) exists for \(name)")
        }
    }
}
