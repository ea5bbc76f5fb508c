import Testing
import Core
@testable import Config

/// Boolean flavours, numbers and keywords, on real keys.
@Suite("Values")
struct ValueTests {
    /// A key, where it lives, and how the loaded value is read back.
    struct FlagCase: Sendable, CustomStringConvertible {
        let key: String
        let wrap: @Sendable (String) -> String
        let read: @Sendable (ServerConfig) -> Bool
        var description: String { key }
    }

    static func root(_ key: String, _ read: @escaping @Sendable (ServerConfig) -> Bool) -> FlagCase {
        FlagCase(key: key, wrap: { "\(key) \($0);" }, read: read)
    }

    static func vhost(_ path: String, _ read: @escaping @Sendable (VhostConfig) -> Bool) -> FlagCase {
        let parts = path.split(separator: ".")
        let wrap: @Sendable (String) -> String = { value in
            parts.count == 1 ? "vhost v { \(path) \(value); }" : "vhost v { \(parts[0]) { \(parts[1]) \(value); } }"
        }
        return FlagCase(key: "vhost.\(path)", wrap: wrap, read: { read($0.vhosts[0]) })
    }

    static let preferFalse: [FlagCase] = [
        root("utc_time") { $0.utcTime },
        root("force_grace_quit") { $0.forceGraceQuit },
        root("inotify_auto_reload") { $0.inotifyAutoReload },
        root("in_docker") { $0.inDocker },
        FlagCase(key: "http_api.enabled", wrap: { "http_api { enabled \($0); }" }, read: { $0.httpAPI.enabled }),
        FlagCase(key: "http_server.enabled", wrap: { "http_server { enabled \($0); }" }, read: { $0.httpServer.enabled }),
        FlagCase(key: "exporter.enabled", wrap: { "exporter { enabled \($0); }" }, read: { $0.exporter.enabled }),
        vhost("hls.enabled") { $0.hls.enabled },
        vhost("hls.hls_ts_floor") { $0.hls.tsFloor },
        vhost("dvr.enabled") { $0.dvr.enabled },
        vhost("http_remux.enabled") { $0.httpRemux.enabled },
        vhost("security.enabled") { $0.security.enabled },
        vhost("play.atc") { $0.play.atc },
        vhost("play.mix_correct") { $0.play.mixCorrect },
        vhost("min_latency") { $0.minLatency },
        vhost("tcp_nodelay") { $0.tcpNodelay },
        vhost("cluster.token_traverse") { $0.cluster.tokenTraverse },
        vhost("cluster.origin_cluster") { $0.cluster.originCluster },
        vhost("cluster.follow_client") { $0.cluster.followClient },
    ]

    static let preferTrue: [FlagCase] = [
        root("daemon") { $0.daemon },
        root("empty_ip_ok") { $0.emptyIPOk },
        root("disable_daemon_for_docker") { $0.disableDaemonForDocker },
        root("auto_reload_for_docker") { $0.autoReloadForDocker },
        FlagCase(key: "http_api.crossdomain", wrap: { "http_api { crossdomain \($0); }" }, read: { $0.httpAPI.crossdomain }),
        FlagCase(key: "http_server.crossdomain", wrap: { "http_server { crossdomain \($0); }" },
                 read: { $0.httpServer.crossdomain }),
        vhost("enabled") { $0.enabled },
        vhost("play.gop_cache") { $0.play.gopCache },
        vhost("publish.parse_sps") { $0.publish.parseSps },
        vhost("hls.hls_cleanup") { $0.hls.cleanup },
        vhost("hls.hls_wait_keyframe") { $0.hls.waitKeyframe },
        vhost("hls.hls_keys") { $0.hls.keys },
        vhost("dvr.dvr_wait_keyframe") { $0.dvr.waitKeyframe },
        vhost("http_remux.has_audio") { $0.httpRemux.hasAudio },
        vhost("http_remux.guess_has_av") { $0.httpRemux.guessHasAV },
        vhost("cluster.debug_srs_upnode") { $0.cluster.debugSrsUpnode },
    ]

    static func value(_ flag: FlagCase, _ word: String) throws -> (Bool, [String]) {
        let loaded = try Fixture.load("listen 1935;\n" + flag.wrap(word))
        return (flag.read(loaded.config), loaded.warnings.map(\.message))
    }

    @Test("prefer-false: only on is true", arguments: preferFalse)
    func preferFalseFlag(flag: FlagCase) throws {
        #expect(try Self.value(flag, "on").0 == true)
        #expect(try Self.value(flag, "off").0 == false)
        let (yes, warnings) = try Self.value(flag, "yes")
        #expect(yes == false)
        #expect(warnings.contains { $0.hasSuffix("\"yes\" is neither on nor off, taken as off") })
    }

    @Test("prefer-true: anything but off is true", arguments: preferTrue)
    func preferTrueFlag(flag: FlagCase) throws {
        #expect(try Self.value(flag, "on").0 == true)
        #expect(try Self.value(flag, "off").0 == false)
        let (no, warnings) = try Self.value(flag, "no")
        #expect(no == true)
        #expect(warnings.contains { $0.hasSuffix("\"no\" is neither on nor off, taken as on") })
    }

    @Test func readsDurationsInTheirUnits() throws {
        let vhost = try Fixture.vhost("""
            play { queue_length 10; mw_latency 100; send_min_interval 0.5; }
            publish { firstpkt_timeout 1500; normal_timeout 700; kickoff_for_idle 1.5; }
            hls { hls_fragment 2.5; hls_window .5; hls_dispose 30; hls_td_ratio 1.5; hls_aof_ratio 3; }
            http_remux { fast_cache 30; }
            """)
        #expect(vhost.play.queueLength == .seconds(10))
        #expect(vhost.play.mwLatency == .milliseconds(100))
        #expect(vhost.play.sendMinInterval == .microseconds(500))
        #expect(vhost.publish.firstpktTimeout == .milliseconds(1500))
        #expect(vhost.publish.normalTimeout == .milliseconds(700))
        #expect(vhost.publish.kickoffForIdle == .milliseconds(1500))
        #expect(vhost.hls.fragment == .milliseconds(2500))
        #expect(vhost.hls.window == .milliseconds(500))
        #expect(vhost.hls.dispose == .seconds(30))
        #expect(vhost.hls.tdRatio == 1.5 && vhost.hls.aofRatio == 3)
        #expect(vhost.httpRemux.fastCache == .seconds(30))
    }

    @Test func readsGlobalDurationsAndStrings() throws {
        let config = try Fixture.load("""
            listen 1935; grace_start_wait 100; grace_final_wait 200; pithy_print_ms 5000; pid /tmp/x.pid;
            srs_log_file /tmp/x.log; work_dir /srv; server_id vid-1; max_connections 3;
            """).config
        #expect(config.graceStartWait == .milliseconds(100) && config.graceFinalWait == .milliseconds(200))
        #expect(config.pithyPrint == .seconds(5))
        #expect(config.pidFile == "/tmp/x.pid" && config.logFile == "/tmp/x.log" && config.workDir == "/srv")
        #expect(config.serverID == "vid-1")
        #expect(config.maxConnections == 3)
    }

    static let badNumbers: [(body: String, message: String)] = [
        ("hls { hls_fragment 10s; }", "main.conf:3: vhost.hls.hls_fragment: \"10s\" is not a non-negative number"),
        ("hls { hls_window -1; }", "main.conf:3: vhost.hls.hls_window: \"-1\" is not a non-negative number"),
        ("hls { hls_td_ratio 1e3; }", "main.conf:3: vhost.hls.hls_td_ratio: \"1e3\" is not a non-negative number"),
        ("dvr { dvr_duration 2.5; }", "main.conf:3: vhost.dvr.dvr_duration: \"2.5\" is not a non-negative integer"),
        ("play { queue_length 2.5; }", "main.conf:3: vhost.play.queue_length: \"2.5\" is not a non-negative integer"),
        ("play { mw_latency abc; }", "main.conf:3: vhost.play.mw_latency: \"abc\" is not a non-negative integer"),
        ("chunk_size 0x100;", "main.conf:3: vhost.chunk_size: \"0x100\" is not a non-negative integer"),
        ("out_ack_size 99999999999999999999;",
         "main.conf:3: vhost.out_ack_size: \"99999999999999999999\" is not a non-negative integer"),
    ]

    @Test("rejects malformed numbers (stricter than SRS atoi)", arguments: badNumbers)
    func rejectsBadNumber(body: String, message: String) {
        #expect(Fixture.errors("listen 1935;\nvhost v {\n\(body)\n}") == [message])
    }

    /// Found by the Config fuzz target (2026-12-07): `hls_window 6333333333333333333333333330` trapped
    /// converting the seconds to a Duration; a huge whole number of seconds or milliseconds passed
    /// the reader but overflowed the server's conversion to milliseconds later.
    static let hugeDurations: [(body: String, message: String)] = [
        ("hls { hls_window 6333333333333333333333333330; }",
         "main.conf:3: vhost.hls.hls_window: \"6333333333333333333333333330\" is too long (at most 100000000 seconds)"),
        ("hls { hls_fragment 100000000.5; }",
         "main.conf:3: vhost.hls.hls_fragment: \"100000000.5\" is too long (at most 100000000 seconds)"),
        ("play { queue_length 9223372036854775807; }",
         "main.conf:3: vhost.play.queue_length: \"9223372036854775807\" is too long (at most 100000000 seconds)"),
        ("play { mw_latency 9223372036854775807; }",
         "main.conf:3: vhost.play.mw_latency: \"9223372036854775807\" is too long (at most 100000000 seconds)"),
        ("play { send_min_interval 99999999999999999999999999999999; }",
         "main.conf:3: vhost.play.send_min_interval: \"99999999999999999999999999999999\" is too long (at most 100000000 seconds)"),
    ]

    @Test("rejects durations beyond about three years, without trapping", arguments: hugeDurations)
    func rejectsHugeDuration(body: String, message: String) {
        #expect(Fixture.errors("listen 1935;\nvhost v {\n\(body)\n}") == [message])
    }

    @Test func acceptsTheLongestDuration() throws {
        let config = try Fixture.load("listen 1935;\nvhost v { hls { hls_window 100000000; } play { mw_latency 100000000000; } }").config
        #expect(config.vhosts[0].hls.window == .seconds(100_000_000))
        #expect(config.vhosts[0].play.mwLatency == .seconds(100_000_000))
    }

    @Test func rejectsNonPositiveMaxConnections() {
        #expect(Fixture.errors("listen 1935;\nmax_connections 0;") == ["main.conf:2: max_connections=0 is invalid"])
        #expect(Fixture.errors("listen 1935;\nmax_connections -5;") == ["main.conf:2: max_connections=-5 is invalid"])
    }

    @Test func capsMergedWriteMessages() throws {
        let loaded = try Fixture.load("listen 1935;\nvhost v { play { mw_msgs 500; } }")
        #expect(loaded.config.vhosts[0].play.mwMsgs == 128)
        #expect(loaded.warnings.map(\.message) == ["vhost.play.mw_msgs 500 reset to max 128"])
    }

    @Test func mapsKeywordsLikeSRS() throws {
        #expect(try Fixture.vhost("play { time_jitter zero; }").play.timeJitter == .zero)
        #expect(try Fixture.vhost("play { time_jitter off; }").play.timeJitter == .off)
        #expect(try Fixture.vhost("play { time_jitter bogus; }").play.timeJitter == .off)
        #expect(try Fixture.vhost("hls { hls_on_error ignore; }").hls.onError == .ignore)
        #expect(try Fixture.vhost("hls { hls_on_error bogus; }").hls.onError == .disconnect)
        #expect(try Fixture.vhost("hls { hls_acodec an; hls_vcodec vn; }").hls.audioCodec == .none)
        #expect(try Fixture.vhost("hls { hls_acodec mp3; }").hls.audioCodec == .mp3)
        #expect(try Fixture.vhost("hls { hls_vcodec vn; }").hls.videoCodec == .none)
        #expect(try Fixture.vhost("cluster { protocol flvs; }").cluster.upstreamProtocol == .flvs)
        #expect(try Fixture.vhost("cluster { protocol srt; }").cluster.upstreamProtocol == .rtmp)
        #expect(try Fixture.vhost("cluster { mode remote; origin a; }").cluster.isEdge)
        #expect(try Fixture.vhost("cluster { mode edge; }").cluster.mode == .local)
    }

    @Test func readsLogSettings() throws {
        #expect(try Fixture.load("listen 1935; srs_log_tank console;").config.logTank == .console)
        #expect(try Fixture.load("listen 1935; srs_log_tank syslog;").config.logTank == .file)
        #expect(try Fixture.load("listen 1935; srs_log_level warn;").config.logLevel == .warn)
        #expect(try Fixture.load("listen 1935; srs_log_level bogus;").config.logLevel == .disabled)
        #expect(try Fixture.load("listen 1935; srs_log_level warn; srs_log_level_v2 debug;").config.logLevel == .info)
        #expect(try Fixture.load("listen 1935; srs_log_level_v2 info;").config.logLevel == .trace)
    }

    @Test func readsSecurityRulesInOrder() throws {
        let loaded = try Fixture.load("""
            listen 1935;
            vhost v { security { enabled on; deny publish 10.0.0.1; allow play all; allow publish; allow stop all; } }
            """)
        let security = loaded.config.vhosts[0].security
        typealias Rule = SecurityConfig.Rule
        #expect(security.enabled)
        #expect(security.rules == [
            Rule(action: .deny, method: .publish, target: .address("10.0.0.1")),
            Rule(action: .allow, method: .play, target: .all),
        ])
        #expect(loaded.warnings.count == 2)
    }

    @Test func readsHTTPAPISubBlocks() throws {
        let api = try Fixture.load("""
            listen 1935;
            http_api { enabled on; crossdomain off; raw_api { enabled on; allow_reload on; allow_query on; }
                       auth { enabled on; username admin; password "p w"; } }
            """).config.httpAPI
        #expect(api.enabled && !api.crossdomain)
        #expect(api.rawAPI.enabled && api.rawAPI.allowReload)
        #expect(api.auth.enabled && api.auth.username == "admin" && api.auth.password == "p w")
    }

    @Test func parsesPlainDecimals() {
        #expect(BlockReader.parseDouble("10") == 10)
        #expect(BlockReader.parseDouble("+2.5") == 2.5)
        #expect(BlockReader.parseDouble(".5") == 0.5)
        #expect(BlockReader.parseDouble("5.") == 5)
        for bad in ["", ".", "1.2.3", "inf", "nan", "0x10", "1e3", "-1", " 1"] {
            #expect(BlockReader.parseDouble(bad) == nil, "\(bad)")
        }
        #expect(BlockReader.parseInt("+7") == 7)
        for bad in ["", "+", "1.0", "-1", "7 "] {
            #expect(BlockReader.parseInt(bad) == nil, "\(bad)")
        }
    }
}
