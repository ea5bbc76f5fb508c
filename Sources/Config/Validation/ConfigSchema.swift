/// The directive whitelist: every name SRS 5 accepts per scope, and what we do with it.
/// (SRS's own lists: `SrsConfig::check_normal_config`.) Anything not listed is an error.
struct ConfigSchema: Sendable {
    /// How one directive name is handled in its scope.
    indirect enum Rule: Sendable {
        /// Implemented leaf; SRS reads the first occurrence only, so repeats earn a warning.
        case leaf
        /// Implemented and may legitimately repeat (`security { allow ...; allow ...; }`).
        case repeatable
        /// Implemented block whose children are checked against `ConfigSchema`.
        case block(ConfigSchema)
        /// Known to SRS but not implemented here: accepted with one warning, content unchecked.
        case unsupported
    }

    /// Dotted path of the scope for messages ("" for the root, "vhost.play", ...).
    let path: String
    let rules: [String: Rule]

    init(path: String, leaves: [String] = [], repeatable: [String] = [],
         blocks: [String: ConfigSchema] = [:], unsupported: [String] = []) {
        self.path = path
        var rules: [String: Rule] = [:]
        for name in leaves { rules[name] = .leaf }
        for name in repeatable { rules[name] = .repeatable }
        for (name, schema) in blocks { rules[name] = .block(schema) }
        for name in unsupported { rules[name] = .unsupported }
        self.rules = rules
    }

    /// Every name known in this scope.
    var names: Set<String> { Set(rules.keys) }
}

extension ConfigSchema {
    /// The root scope of an SRS 5 config.
    static let root = ConfigSchema(
        path: "",
        leaves: [
            "listen", "pid", "chunk_size", "srs_log_tank", "srs_log_level", "srs_log_level_v2", "srs_log_file",
            "max_connections", "daemon", "pithy_print_ms", "utc_time", "work_dir", "asprocess", "server_id",
            "grace_final_wait", "force_grace_quit", "grace_start_wait", "empty_ip_ok", "disable_daemon_for_docker",
            "inotify_auto_reload", "auto_reload_for_docker", "is_full", "in_docker", "workers",
        ],
        repeatable: [],
        blocks: ["http_api": httpAPI, "http_server": httpServer, "exporter": exporter, "vhost": vhost],
        unsupported: [
            "ff_log_dir", "ff_log_level", "heartbeat", "tencentcloud_apm", "tencentcloud_cls", "stats",
            "stream_caster", "rtc_server", "srt_server", "tcmalloc_release_rate", "query_latest_version",
            "first_wait_for_qlv", "threads", "circuit_breaker",
        ]
    )

    static let httpAPI = ConfigSchema(
        path: "http_api",
        leaves: ["enabled", "listen", "crossdomain"],
        blocks: [
            "raw_api": ConfigSchema(path: "http_api.raw_api", leaves: ["enabled", "allow_reload"],
                                    unsupported: ["allow_query", "allow_update"]),
            "auth": ConfigSchema(path: "http_api.auth", leaves: ["enabled", "username", "password"]),
            "https": https("http_api.https"),
        ]
    )

    static let httpServer = ConfigSchema(
        path: "http_server", leaves: ["enabled", "listen", "dir", "crossdomain"],
        blocks: ["https": https("http_server.https")]
    )

    static func https(_ path: String) -> ConfigSchema {
        ConfigSchema(path: path, leaves: ["enabled", "listen", "key", "cert"])
    }

    static let exporter = ConfigSchema(path: "exporter", leaves: ["enabled", "listen", "label", "tag"])

    static let vhost = ConfigSchema(
        path: "vhost",
        leaves: ["enabled", "chunk_size", "min_latency", "tcp_nodelay", "in_ack_size", "out_ack_size"],
        blocks: [
            "play": ConfigSchema(path: "vhost.play", leaves: [
                "time_jitter", "mix_correct", "atc", "atc_auto", "mw_latency", "mw_msgs", "gop_cache",
                "gop_cache_max_frames", "queue_length", "send_min_interval", "reduce_sequence_header",
            ]),
            "publish": ConfigSchema(path: "vhost.publish",
                                    leaves: ["firstpkt_timeout", "normal_timeout", "parse_sps",
                                             "try_annexb_first", "kickoff_for_idle"],
                                    unsupported: ["mr", "mr_latency"]),
            "cluster": ConfigSchema(path: "vhost.cluster", leaves: [
                "mode", "origin", "token_traverse", "vhost", "debug_srs_upnode", "coworkers",
                "origin_cluster", "protocol", "follow_client",
            ]),
            "security": ConfigSchema(path: "vhost.security", leaves: ["enabled"], repeatable: ["allow", "deny"]),
            "http_hooks": ConfigSchema(path: "vhost.http_hooks", leaves: [
                "enabled", "on_connect", "on_close", "on_publish", "on_unpublish", "on_play", "on_stop", "on_dvr",
                "on_hls", "on_hls_notify",
            ]),
            "forward": ConfigSchema(path: "vhost.forward", leaves: ["enabled", "destination"], unsupported: ["backend"]),
            "http_remux": ConfigSchema(path: "vhost.http_remux", leaves: [
                "enabled", "mount", "fast_cache", "drop_if_not_match", "has_audio", "has_video", "guess_has_av",
            ]),
            "hls": ConfigSchema(path: "vhost.hls", leaves: [
                "enabled", "hls_entry_prefix", "hls_path", "hls_fragment", "hls_window", "hls_on_error",
                "hls_td_ratio", "hls_aof_ratio", "hls_acodec", "hls_vcodec", "hls_m3u8_file", "hls_ts_file",
                "hls_ts_floor", "hls_cleanup", "hls_nb_notify", "hls_wait_keyframe", "hls_dispose", "hls_keys",
                "hls_fragments_per_key", "hls_key_file", "hls_key_file_path", "hls_key_url",
                "hls_dts_directly", "hls_ctx", "hls_ts_ctx",
            ], unsupported: ["hls_storage", "hls_mount"]),
            "dvr": ConfigSchema(path: "vhost.dvr", leaves: [
                "enabled", "dvr_apply", "dvr_path", "dvr_plan", "dvr_duration", "dvr_wait_keyframe", "time_jitter",
            ]),
        ],
        unsupported: [
            "ingest", "refer", "transcode", "bandcheck", "dash",
            "http_static", "hds", "exec", "rtc", "srt",
        ]
    )
}
