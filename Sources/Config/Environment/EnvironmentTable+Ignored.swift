extension EnvironmentTable {
    /// SRS 5 variables for features this server does not implement (WebRTC, SRT, DASH, HDS,
    /// http_static, heartbeat, exporter, Tencent Cloud, circuit breaker...): recognised, so
    /// they are reported as ignored rather than unknown.
    static let notImplemented: Set<String> = Set((rootKeys + rtcKeys + srtKeys + vhostKeys).map(EnvironmentVariable.name(forKey:)))

    /// Variables read by the process or its tooling rather than the config (`SRS_CONFIG_FILE`,
    /// `SRS_ENV_ONLY`, the resolver's test hook, the test suite's and init script's own).
    static let processLevel: Set<String> = [
        "SRS_CONFIG_FILE", "SRS_ENV_ONLY", "SRS_RESOLVER_HOSTS", "SRS_BINARY", "SRS_MEDIA_DIR", "SRS_ROOT", "SRS_CONFIG",
    ]

    private static let rootKeys = [
        "query_latest_version", "first_wait_for_qlv", "tcmalloc_release_rate", "threads.interval", "ff_log_dir",
        "ff_log_level",
        "circuit_breaker.enabled", "circuit_breaker.high_threshold", "circuit_breaker.high_pulse",
        "circuit_breaker.critical_threshold", "circuit_breaker.critical_pulse", "circuit_breaker.dying_threshold",
        "circuit_breaker.dying_pulse",
        "tencentcloud_cls.enabled", "tencentcloud_cls.stat_heartbeat", "tencentcloud_cls.stat_streams",
        "tencentcloud_cls.debug_logging", "tencentcloud_cls.heartbeat_ratio", "tencentcloud_cls.streams_ratio",
        "tencentcloud_cls.label", "tencentcloud_cls.tag", "tencentcloud_cls.secret_id", "tencentcloud_cls.secret_key",
        "tencentcloud_cls.endpoint", "tencentcloud_cls.topic_id",
        "tencentcloud_apm.enabled", "tencentcloud_apm.team", "tencentcloud_apm.token", "tencentcloud_apm.endpoint",
        "tencentcloud_apm.service_name", "tencentcloud_apm.debug_logging",
        "exporter.enabled", "exporter.listen", "exporter.label", "exporter.tag",
        "heartbeat.enabled", "heartbeat.interval", "heartbeat.url", "heartbeat.device_id", "heartbeat.summaries",
    ]

    private static let rtcKeys = [
        "enabled", "listen", "candidate", "api_as_candidates", "resolve_api_domain", "keep_api_domain",
        "use_auto_detect_network_ip", "tcp.enabled", "tcp.listen", "protocol", "ip_family", "ecdsa", "encrypt",
        "reuseport", "merge_nalus", "black_hole.enabled", "black_hole.addr",
    ].map { "rtc_server.\($0)" } + [
        "enabled", "keep_bframe", "rtmp_to_rtc", "stun_timeout", "stun_strict_check", "dtls_role", "dtls_version",
        "drop_for_pt", "rtc_to_rtmp", "pli_for_rtmp", "nack", "nack_no_copy", "twcc", "opus_bitrate", "aac_bitrate",
    ].map { "vhost.rtc.\($0)" }

    private static let srtKeys = [
        // SRS compat: SRS reads `mms` (sic) for the mss option.
        "enabled", "listen", "maxbw", "mms", "tsbpdmode", "latency", "recvlatency", "peerlatency", "sei_filter",
        "tlpktdrop", "connect_timeout", "peer_idle_timeout", "sendbuf", "recvbuf", "payloadsize", "passphrase",
        "pbkeylen", "default_app",
    ].map { "srt_server.\($0)" } + ["enabled", "srt_to_rtmp", "to_rtmp"].map { "vhost.srt.\($0)" }

    private static let vhostKeys = [
        "dash.enabled", "dash.dash_fragment", "dash.dash_update_period", "dash.dash_timeshift", "dash.dash_path",
        "dash.dash_mpd_file", "dash.dash_window_size", "dash.dash_cleanup", "dash.dash_dispose",
        "hds.enabled", "hds.hds_path", "hds.hds_fragment", "hds.hds_window",
        "http_static.enabled", "http_static.mount", "http_static.dir",
        "publish.mr", "publish.mr_latency",
    ].map { "vhost.\($0)" }
}
