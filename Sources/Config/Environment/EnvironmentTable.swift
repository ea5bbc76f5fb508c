/// Every SRS 5 environment variable whose directive this server has (SRS: the
/// `SRS_OVERWRITE_BY_ENV_*` and `srs_getenv` calls of `srs_app_config.cpp`'s getters).
///
/// A variable set (and not empty) overrides the directive the way SRS's getter does: the file's
/// value is replaced, a missing block is created, vhost variables apply to every vhost.
/// cluster, forward, security, refer and vhost `enabled` have no variable in SRS 5, so none here.
enum EnvironmentTable {
    static let variables: [EnvironmentVariable] = root + httpAPI + httpServer + vhost + play + publish
        + httpHooks + hls + dvr + httpRemux

    static let root: [EnvironmentVariable] = [
        EnvironmentVariable("listen", arguments: .list),
        EnvironmentVariable("pid"),
        EnvironmentVariable("daemon"),
        EnvironmentVariable("in_docker"),
        EnvironmentVariable("server_id"),
        EnvironmentVariable("max_connections"),
        EnvironmentVariable("workers"),
        EnvironmentVariable("pithy_print_ms"),
        EnvironmentVariable("utc_time"),
        EnvironmentVariable("work_dir"),
        EnvironmentVariable("asprocess"),
        EnvironmentVariable("empty_ip_ok"),
        EnvironmentVariable("grace_start_wait"),
        EnvironmentVariable("grace_final_wait"),
        EnvironmentVariable("force_grace_quit"),
        EnvironmentVariable("disable_daemon_for_docker"),
        EnvironmentVariable("inotify_auto_reload"),
        EnvironmentVariable("auto_reload_for_docker"),
        EnvironmentVariable("srs_log_tank", aliases: ["log_tank"]),
        EnvironmentVariable("srs_log_level", aliases: ["log_level"]),
        EnvironmentVariable("srs_log_level_v2", aliases: ["log_level_v2"]),
        EnvironmentVariable("srs_log_file", aliases: ["log_file"]),
        // SRS compat: the global and the vhost getters both read SRS_VHOST_CHUNK_SIZE (full.conf's
        // SRS_CHUNK_SIZE is read by neither).
        EnvironmentVariable(name: "SRS_VHOST_CHUNK_SIZE",
                            targets: [.init(.root, "chunk_size"), .init(.everyVhost, "chunk_size")]),
    ]

    static let httpAPI: [EnvironmentVariable] = [
        EnvironmentVariable("http_api.enabled"),
        EnvironmentVariable("http_api.listen"),
        EnvironmentVariable("http_api.crossdomain"),
        EnvironmentVariable("http_api.raw_api.enabled"),
        EnvironmentVariable("http_api.raw_api.allow_reload"),
        EnvironmentVariable("http_api.auth.enabled"),
        EnvironmentVariable("http_api.auth.username"),
        EnvironmentVariable("http_api.auth.password", secret: true),
        EnvironmentVariable("http_api.https.enabled"),
        EnvironmentVariable("http_api.https.listen"),
        EnvironmentVariable("http_api.https.key"),
        EnvironmentVariable("http_api.https.cert"),
    ]

    static let httpServer: [EnvironmentVariable] = [
        EnvironmentVariable("http_server.enabled"),
        EnvironmentVariable("http_server.listen"),
        EnvironmentVariable("http_server.dir"),
        EnvironmentVariable("http_server.crossdomain"),
        EnvironmentVariable("http_server.https.enabled"),
        EnvironmentVariable("http_server.https.listen"),
        EnvironmentVariable("http_server.https.key"),
        EnvironmentVariable("http_server.https.cert"),
    ]

    static let vhost: [EnvironmentVariable] = [
        EnvironmentVariable("vhost.min_latency"),
        EnvironmentVariable("vhost.tcp_nodelay"),
        EnvironmentVariable("vhost.in_ack_size"),
        EnvironmentVariable("vhost.out_ack_size"),
    ]

    static let play: [EnvironmentVariable] = [
        "gop_cache", "gop_cache_max_frames", "atc", "atc_auto", "time_jitter", "mix_correct", "queue_length",
        "mw_latency", "mw_msgs", "send_min_interval", "reduce_sequence_header",
    ].map { EnvironmentVariable("vhost.play.\($0)") }

    static let publish: [EnvironmentVariable] = [
        "parse_sps", "try_annexb_first", "firstpkt_timeout", "normal_timeout", "kickoff_for_idle",
    ].map { EnvironmentVariable("vhost.publish.\($0)") }

    /// Deliberate difference: SRS makes the whole value one URL; we split on spaces so several
    /// URLs work (a URL cannot contain a space anyway).
    static let httpHooks: [EnvironmentVariable] = [EnvironmentVariable("vhost.http_hooks.enabled")] + [
        "on_connect", "on_close", "on_publish", "on_unpublish", "on_play", "on_stop", "on_dvr", "on_hls",
        "on_hls_notify",
    ].map { EnvironmentVariable("vhost.http_hooks.\($0)", arguments: .list) }

    static let hls: [EnvironmentVariable] = [
        "enabled", "hls_entry_prefix", "hls_path", "hls_m3u8_file", "hls_ts_file", "hls_ts_floor", "hls_fragment",
        "hls_td_ratio", "hls_aof_ratio", "hls_window", "hls_on_error", "hls_acodec", "hls_vcodec", "hls_nb_notify",
        "hls_dts_directly", "hls_ctx", "hls_ts_ctx", "hls_cleanup", "hls_dispose", "hls_wait_keyframe", "hls_keys",
        "hls_fragments_per_key", "hls_key_file", "hls_key_file_path", "hls_key_url",
    ].map { EnvironmentVariable("vhost.hls.\($0)") }

    /// The directives exist whether or not this build implements `dvr {}` (a file's dvr block is
    /// treated the same way).
    static let dvr: [EnvironmentVariable] = [
        "enabled", "dvr_path", "dvr_plan", "dvr_duration", "dvr_wait_keyframe", "time_jitter",
    ].map { EnvironmentVariable("vhost.dvr.\($0)") }

    static let httpRemux: [EnvironmentVariable] = [
        "enabled", "mount", "fast_cache", "drop_if_not_match", "has_audio", "has_video", "guess_has_av",
    ].map { EnvironmentVariable("vhost.http_remux.\($0)") }
}
