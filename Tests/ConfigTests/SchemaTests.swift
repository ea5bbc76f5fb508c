import Testing
@testable import Config

@Suite("Directive whitelist")
struct SchemaTests {
    @Test func warnsOncePerUnsupportedDirective() throws {
        let loaded = try Fixture.load("""
            listen 1935;
            rtc_server { enabled on; listen 8000; candidate $CANDIDATE; anything goes; }
            stats { network 0; }
            vhost v {
                rtc { enabled on; }
                publish { mr on; }
                hls { hls_storage disk; }
            }
            """)
        #expect(loaded.warnings.map(\.description) == [
            "main.conf:2: directive rtc_server is not supported yet, ignored",
            "main.conf:3: directive stats is not supported yet, ignored",
            "main.conf:5: directive vhost.rtc is not supported yet, ignored",
            "main.conf:6: directive vhost.publish.mr is not supported yet, ignored",
            "main.conf:7: directive vhost.hls.hls_storage is not supported yet, ignored",
        ])
    }

    static let everyUnsupported: [String] = ConfigSchema.root.rules.compactMap {
        if case .unsupported = $0.value { return $0.key } else { return nil }
    }.sorted()

    @Test("accepts every unsupported root directive", arguments: everyUnsupported)
    func acceptsUnsupportedRootDirective(name: String) throws {
        let loaded = try Fixture.load("listen 1935;\n\(name) x;")
        #expect(loaded.warnings.map(\.description) == ["main.conf:2: directive \(name) is not supported yet, ignored"])
    }

    @Test func acceptsEveryVhostChildSRSKnows() throws {
        let names = ["enabled", "chunk_size", "min_latency", "tcp_nodelay", "dvr", "ingest", "hls", "http_hooks",
                     "refer", "forward", "transcode", "bandcheck", "play", "publish", "cluster", "security",
                     "http_remux", "dash", "http_static", "hds", "exec", "in_ack_size", "out_ack_size", "rtc", "srt"]
        #expect(ConfigSchema.vhost.names == Set(names))
    }

    @Test func acceptsEveryRootDirectiveSRSKnows() {
        let names = "listen pid chunk_size ff_log_dir ff_log_level srs_log_tank srs_log_level srs_log_level_v2 srs_log_file max_connections daemon heartbeat tencentcloud_apm tencentcloud_cls http_api stats vhost pithy_print_ms http_server stream_caster rtc_server srt_server utc_time work_dir asprocess server_id grace_final_wait force_grace_quit grace_start_wait empty_ip_ok disable_daemon_for_docker inotify_auto_reload auto_reload_for_docker tcmalloc_release_rate query_latest_version first_wait_for_qlv threads circuit_breaker is_full in_docker exporter workers"
        #expect(ConfigSchema.root.names == Set(names.split(separator: " ").map(String.init)))
    }

    static let unknown: [(text: String, message: String)] = [
        ("listen 1935;\n\nfoo 1;", "main.conf:3: illegal directive foo"),
        ("listen 1935;\nvhost v {\n  foo;\n}", "main.conf:3: illegal vhost.foo of v"),
        ("listen 1935;\nvhost v { play {\n foo on; } }", "main.conf:3: illegal vhost.play.foo of v"),
        ("listen 1935;\nvhost v { hls { hls_foo 1; } }", "main.conf:2: illegal vhost.hls.hls_foo of v"),
        ("listen 1935;\nvhost v { cluster { foo; } }", "main.conf:2: illegal vhost.cluster.foo of v"),
        ("listen 1935;\nvhost v { security { permit play all; } }", "main.conf:2: illegal vhost.security.permit of v"),
        ("listen 1935;\nvhost v { http_remux { foo; } }", "main.conf:2: illegal vhost.http_remux.foo of v"),
        ("listen 1935;\nvhost v { publish { foo; } }", "main.conf:2: illegal vhost.publish.foo of v"),
        ("listen 1935;\nhttp_api { foo; }", "main.conf:2: illegal http_api.foo"),
        ("listen 1935;\nhttp_api { raw_api { foo; } }", "main.conf:2: illegal http_api.raw_api.foo"),
        ("listen 1935;\nhttp_api { auth { foo; } }", "main.conf:2: illegal http_api.auth.foo"),
        ("listen 1935;\nhttp_server { foo; }", "main.conf:2: illegal http_server.foo"),
        ("listen 1935;\nexporter { enabled on; foo; }", "main.conf:2: illegal exporter.foo"),
    ]

    @Test("rejects unknown directives with their location", arguments: unknown)
    func rejectsUnknown(text: String, message: String) {
        #expect(Fixture.errors(text) == [message])
    }

    @Test func collectsEveryProblem() {
        let errors = Fixture.errors("listen 0;\nfoo;\nvhost v { bar; play { baz; } }\nmax_connections x;")
        #expect(errors == [
            "main.conf:1: listen.port=0 is invalid",
            "main.conf:2: illegal directive foo",
            "main.conf:3: illegal vhost.bar of v",
            "main.conf:3: illegal vhost.play.baz of v",
            "main.conf:4: max_connections=x is invalid",
        ])
    }

    @Test func usesTheFirstOfRepeatedDirectivesWithAWarning() throws {
        let loaded = try Fixture.load("listen 1935;\nlisten 1936;\nhttp_api { enabled on; }\nhttp_api { enabled off; }")
        #expect(loaded.config.listen == [ListenAddress(port: 1935)])
        #expect(loaded.config.httpAPI.enabled)
        #expect(loaded.warnings.map(\.description) == [
            "main.conf:2: directive listen repeated, the first one (line 1) is used",
            "main.conf:4: block http_api repeated, the first one (line 3) is used",
        ])
    }

    @Test func warnsAboutABlockOnALeafDirective() throws {
        let loaded = try Fixture.load("listen 1935 { x; }")
        #expect(loaded.warnings.map(\.description) == ["main.conf:1: directive listen takes no block, block ignored"])
    }
}
