import Testing
import Core
@testable import Config

/// `SRS_*` variables onto the config (srs-facts §1.1, §3.1; SRS 5 `srs_app_config.cpp` getters).
@Suite("Environment overlay")
struct EnvironmentOverlayTests {
    /// Variables, and what the typed config must then say.
    struct Case: Sendable, CustomStringConvertible {
        let env: [String: String]
        let check: @Sendable (ServerConfig) -> Bool
        var description: String { env.keys.sorted().joined(separator: ",") }

        init(_ env: [String: String], _ check: @escaping @Sendable (ServerConfig) -> Bool) {
            self.env = env
            self.check = check
        }
    }

    static func defaultVhost(_ config: ServerConfig) -> VhostConfig {
        config.vhost(named: VhostConfig.defaultName) ?? .defaults(name: "missing")
    }

    static let cases: [Case] = [
        Case(["SRS_LISTEN": "1936 127.0.0.1:1937"]) {
            $0.listen == [ListenAddress(port: 1936), ListenAddress(host: "127.0.0.1", port: 1937)]
        },
        Case(["SRS_MAX_CONNECTIONS": "100"]) { $0.maxConnections == 100 },
        Case(["SRS_WORKERS": "4"]) { $0.workers == 4 },
        Case(["SRS_WORKERS": "auto"]) { $0.workers == 0 },
        Case(["SRS_DAEMON": "on"]) { $0.daemon },
        Case(["SRS_DAEMON": "off"]) { !$0.daemon },
        Case(["SRS_PID": "./objs/test.pid"]) { $0.pidFile == "./objs/test.pid" },
        Case(["SRS_SRS_LOG_FILE": "console"]) { $0.logFile == "console" && $0.logTank == .console },
        Case(["SRS_LOG_FILE": "/var/log/srs.log"]) { $0.logFile == "/var/log/srs.log" },
        Case(["SRS_SRS_LOG_TANK": "file"]) { $0.logTank == .file && $0.explicitLogTank },
        Case(["SRS_LOG_TANK": "file"]) { $0.logTank == .file },
        Case(["SRS_SRS_LOG_TANK": "console", "SRS_LOG_TANK": "file"]) { $0.logTank == .console },
        Case(["SRS_SRS_LOG_LEVEL": "warn"]) { $0.logLevel == .warn },
        Case(["SRS_WORK_DIR": "/tmp/work"]) { $0.workDir == "/tmp/work" },
        Case(["SRS_SERVER_ID": "vid-test"]) { $0.serverID == "vid-test" },
        Case(["SRS_IN_DOCKER": "on"]) { $0.inDocker },
        Case(["SRS_UTC_TIME": "on"]) { $0.utcTime },
        Case(["SRS_PITHY_PRINT_MS": "5000"]) { $0.pithyPrint == .milliseconds(5000) },
        Case(["SRS_GRACE_START_WAIT": "100", "SRS_GRACE_FINAL_WAIT": "200"]) {
            $0.graceStartWait == .milliseconds(100) && $0.graceFinalWait == .milliseconds(200)
        },
        Case(["SRS_FORCE_GRACE_QUIT": "on"]) { $0.forceGraceQuit },
        Case(["SRS_DISABLE_DAEMON_FOR_DOCKER": "off"]) { !$0.disableDaemonForDocker },
        Case(["SRS_INOTIFY_AUTO_RELOAD": "on", "SRS_AUTO_RELOAD_FOR_DOCKER": "off"]) {
            $0.inotifyAutoReload && !$0.autoReloadForDocker
        },
        Case(["SRS_EMPTY_IP_OK": "off"]) { !$0.emptyIPOk },
        Case(["SRS_VHOST_CHUNK_SIZE": "4096"]) { $0.chunkSize == 4096 && defaultVhost($0).chunkSize == 4096 },
        Case(["SRS_HTTP_API_ENABLED": "on", "SRS_HTTP_API_LISTEN": "1990"]) {
            $0.httpAPI.enabled && $0.httpAPI.listen == ListenAddress(port: 1990)
        },
        Case(["SRS_HTTP_API_CROSSDOMAIN": "off"]) { !$0.httpAPI.crossdomain },
        Case(["SRS_HTTP_API_RAW_API_ENABLED": "on", "SRS_HTTP_API_RAW_API_ALLOW_RELOAD": "on"]) {
            $0.httpAPI.rawAPI.enabled && $0.httpAPI.rawAPI.allowReload
        },
        Case(["SRS_HTTP_API_AUTH_ENABLED": "on", "SRS_HTTP_API_AUTH_USERNAME": "admin",
              "SRS_HTTP_API_AUTH_PASSWORD": "secret word"]) {
            $0.httpAPI.auth == HTTPAPIConfig.Auth(enabled: true, username: "admin", password: "secret word")
        },
        Case(["SRS_HTTP_SERVER_ENABLED": "on", "SRS_HTTP_SERVER_LISTEN": "127.0.0.1:8081",
              "SRS_HTTP_SERVER_DIR": "./html"]) {
            $0.httpServer.enabled && $0.httpServer.listen == ListenAddress(host: "127.0.0.1", port: 8081)
                && $0.httpServer.dir == "./html"
        },
        Case(["SRS_HTTP_SERVER_CROSSDOMAIN": "off"]) { !$0.httpServer.crossdomain },
        Case(["SRS_VHOST_MIN_LATENCY": "on", "SRS_VHOST_TCP_NODELAY": "on"]) {
            defaultVhost($0).minLatency && defaultVhost($0).tcpNodelay && defaultVhost($0).play.mwMsgs == 0
        },
        Case(["SRS_VHOST_IN_ACK_SIZE": "1000", "SRS_VHOST_OUT_ACK_SIZE": "2000"]) {
            defaultVhost($0).inAckSize == 1000 && defaultVhost($0).outAckSize == 2000
        },
        Case(["SRS_VHOST_HLS_ENABLED": "on", "SRS_VHOST_HLS_HLS_FRAGMENT": "2.5", "SRS_VHOST_HLS_HLS_WINDOW": "30",
              "SRS_VHOST_HLS_HLS_PATH": "/data/hls"]) {
            let hls = defaultVhost($0).hls
            return hls.enabled && hls.fragment == .milliseconds(2500) && hls.window == .seconds(30) && hls.path == "/data/hls"
        },
        Case(["SRS_VHOST_HLS_HLS_M3U8_FILE": "[stream].m3u8", "SRS_VHOST_HLS_HLS_TS_FILE": "[stream]-[seq].ts",
              "SRS_VHOST_HLS_HLS_DISPOSE": "30", "SRS_VHOST_HLS_HLS_CTX": "off"]) {
            let hls = defaultVhost($0).hls
            return hls.m3u8File == "[stream].m3u8" && hls.tsFile == "[stream]-[seq].ts" && hls.dispose == .seconds(30)
                && !hls.ctx
        },
        Case(["SRS_VHOST_HTTP_REMUX_ENABLED": "on", "SRS_VHOST_HTTP_REMUX_MOUNT": "[vhost]/[app]/[stream].flv"]) {
            defaultVhost($0).httpRemux.enabled && defaultVhost($0).httpRemux.mount == "[vhost]/[app]/[stream].flv"
        },
        Case(["SRS_VHOST_HTTP_REMUX_GUESS_HAS_AV": "off", "SRS_VHOST_HTTP_REMUX_FAST_CACHE": "1.5"]) {
            !defaultVhost($0).httpRemux.guessHasAV && defaultVhost($0).httpRemux.fastCache == .milliseconds(1500)
        },
        Case(["SRS_VHOST_PLAY_ATC": "on"]) { defaultVhost($0).play.atc },
        Case(["SRS_VHOST_PLAY_GOP_CACHE": "off", "SRS_VHOST_PLAY_QUEUE_LENGTH": "10",
              "SRS_VHOST_PLAY_TIME_JITTER": "zero", "SRS_VHOST_PLAY_MW_LATENCY": "100"]) {
            let play = defaultVhost($0).play
            return !play.gopCache && play.queueLength == .seconds(10) && play.timeJitter == .zero
                && play.mwLatency == .milliseconds(100)
        },
        Case(["SRS_VHOST_PUBLISH_FIRSTPKT_TIMEOUT": "3000", "SRS_VHOST_PUBLISH_NORMAL_TIMEOUT": "1000",
              "SRS_VHOST_PUBLISH_KICKOFF_FOR_IDLE": "2"]) {
            let publish = defaultVhost($0).publish
            return publish.firstpktTimeout == .milliseconds(3000) && publish.normalTimeout == .milliseconds(1000)
                && publish.kickoffForIdle == .seconds(2)
        },
        Case(["SRS_VHOST_HTTP_HOOKS_ENABLED": "on", "SRS_VHOST_HTTP_HOOKS_ON_PUBLISH": "http://a/p http://b/p"]) {
            defaultVhost($0).httpHooks.enabled && defaultVhost($0).httpHooks.onPublish == ["http://a/p", "http://b/p"]
        },
        Case(["SRS_VHOST_HTTP_HOOKS_ON_DVR": "http://a/dvr"]) { defaultVhost($0).httpHooks.onDvr == ["http://a/dvr"] },
    ]

    @Test(arguments: cases)
    func variableSetsTheTypedValue(_ entry: Case) throws {
        let loaded = try ConfigLoader.loadEnvironmentOnly(entry.env)
        #expect(entry.check(loaded.config), "\(loaded.config)")
    }

    @Test func environmentOnlyStartsFromTheDefaultVhostWithDaemonOffAndConsoleLog() throws {
        let loaded = try ConfigLoader.loadEnvironmentOnly([:])
        #expect(loaded.config.listen.isEmpty)
        #expect(loaded.config.daemon == false)
        #expect(loaded.config.logTank == .console)
        #expect(loaded.config.vhosts.map(\.name) == [VhostConfig.defaultName])
        #expect(loaded.config.httpAPI == .defaults)
        #expect(loaded.environment.environmentOnly)
        #expect(loaded.environment.overrides.allSatisfy { $0.implied })
        #expect(loaded.warnings.isEmpty)
    }

    @Test func dvrVariablesMakeTheDvrDirectivesOfEveryVhost() {
        let diagnostics = Diagnostics()
        let root = [Directive(name: "vhost", args: ["a"]), Directive(name: "listen", args: ["1935"]),
                    Directive(name: "vhost", args: ["b"], children: [Directive(name: "dvr", children: [
                        Directive(name: "dvr_plan", args: ["segment"]), Directive(name: "dvr_duration", args: ["60"]),
                    ])])]
        let env = ["SRS_VHOST_DVR_ENABLED": "on", "SRS_VHOST_DVR_DVR_PATH": "./objs/[app]/[stream].flv",
                   "SRS_VHOST_DVR_DVR_PLAN": "session"]
        let (result, report) = EnvironmentOverlay.apply(env, to: root, environmentOnly: false, diagnostics: diagnostics)
        #expect(Fixture.shape(result) == "vhost(a){dvr(){enabled(on);dvr_path(./objs/[app]/[stream].flv);dvr_plan(session)}};"
            + "listen(1935);"
            + "vhost(b){dvr(){dvr_plan(session);dvr_duration(60);enabled(on);dvr_path(./objs/[app]/[stream].flv)}}")
        #expect(report.overrides.count == 6)
        #expect(report.overrides.contains { $0.directive == "vhost b { dvr { dvr_plan session; } }" })
    }

    @Test func dvrDirectivesFromTheEnvironmentAreCheckedLikeAFilesDvrBlock() throws {
        let fileWarnings = try Fixture.load("listen 1935; vhost __defaultVhost__ { dvr { enabled on; } }").warnings
        let envWarnings = try ConfigLoader.loadEnvironmentOnly(["SRS_VHOST_DVR_ENABLED": "on"]).warnings
        #expect(fileWarnings.map(\.message) == envWarnings.map(\.message))
        if let warning = envWarnings.first {
            #expect(warning.description.hasPrefix("env SRS_VHOST_DVR_ENABLED=on: "))
        }
    }

    @Test func environmentWinsOverTheFile() throws {
        let text = """
        listen 1935; max_connections 50; daemon on;
        http_api { enabled off; listen 1985; }
        vhost __defaultVhost__ { hls { enabled off; hls_fragment 10; } }
        vhost other { }
        """
        let env = ["SRS_LISTEN": "1936", "SRS_MAX_CONNECTIONS": "60", "SRS_HTTP_API_ENABLED": "on",
                   "SRS_VHOST_HLS_ENABLED": "on"]
        let config = try ConfigLoader.load(text: text, file: "main.conf", environment: env).config
        #expect(config.listen == [ListenAddress(port: 1936)])
        #expect(config.maxConnections == 60)
        #expect(config.daemon)
        #expect(config.httpAPI.enabled && config.httpAPI.listen.port == 1985)
        // SRS compat: vhost variables apply to every vhost, the file's other values stay.
        let allEnabled = config.vhosts.allSatisfy { $0.hls.enabled }
        #expect(allEnabled)
        #expect(config.vhosts[0].hls.fragment == .seconds(10))
    }

    @Test func anEmptyVariableIsUnset() throws {
        let config = try ConfigLoader.load(text: "listen 1935; max_connections 50;", file: "main.conf",
                                           environment: ["SRS_LISTEN": "", "SRS_MAX_CONNECTIONS": ""]).config
        #expect(config.listen == [ListenAddress(port: 1935)])
        #expect(config.maxConnections == 50)
    }

    @Test func anEmptyFileIsRefusedEvenWithEnvironment() {
        #expect(throws: ConfigError.invalid(file: "main.conf", line: 0, reason: "conf is empty")) {
            try ConfigLoader.load(text: "# nothing", file: "main.conf", environment: ["SRS_LISTEN": "1935"])
        }
    }

    @Test(arguments: [
        (["SRS_MAX_CONNECTIONS": "abc"], "env SRS_MAX_CONNECTIONS=abc: max_connections=abc is invalid"),
        (["SRS_LISTEN": "99999"], "env SRS_LISTEN=99999: listen.port=99999 is invalid"),
        (["SRS_LISTEN": "   "], "env SRS_LISTEN=   : listen requires params"),
        (["SRS_HTTP_API_LISTEN": "x:1"], "env SRS_HTTP_API_LISTEN=x:1: http_api.listen.ip=x is invalid"),
        (["SRS_VHOST_HLS_HLS_FRAGMENT": "10s"],
         "env SRS_VHOST_HLS_HLS_FRAGMENT=10s: vhost.hls.hls_fragment: \"10s\" is not a non-negative number"),
        (["SRS_DAEMON": "on", "SRS_ASPROCESS": "on"], "env SRS_ASPROCESS=on: daemon conflicts with asprocess"),
    ])
    func invalidValuesAreReportedWithTheVariable(_ env: [String: String], _ message: String) {
        do {
            _ = try ConfigLoader.loadEnvironmentOnly(env)
            Issue.record("loaded \(env)")
        } catch let error as ConfigError {
            #expect(error.all.map(\.description) == [message])
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func oddBooleansWarnNamingTheVariable() throws {
        let loaded = try ConfigLoader.loadEnvironmentOnly(["SRS_HTTP_API_ENABLED": "yes"])
        #expect(loaded.config.httpAPI.enabled == false)
        #expect(loaded.warnings.map(\.description)
            == ["env SRS_HTTP_API_ENABLED=yes: http_api.enabled \"yes\" is neither on nor off, taken as off"])
    }

    @Test func unknownAndNotImplementedVariablesAreListed() throws {
        let env = ["SRS_CHUNK_SIZE": "128", "SRS_VHOST_HLS_ENABLE": "on", "SRS_RTC_SERVER_ENABLED": "on",
                   "SRS_SRT_SERVER_LISTEN": "10080", "SRS_CONFIG_FILE": "x.conf", "SRS_BINARY": "/bin/srs",
                   "SRS_IN_DOCKER": "on", "HOME": "/root"]
        let report = try ConfigLoader.loadEnvironmentOnly(env).environment
        #expect(report.unknown == ["SRS_CHUNK_SIZE", "SRS_VHOST_HLS_ENABLE"])
        #expect(report.notImplemented == ["SRS_RTC_SERVER_ENABLED", "SRS_SRT_SERVER_LISTEN"])
        #expect(report.warnings == [
            "env: unknown SRS_* variables, ignored: SRS_CHUNK_SIZE SRS_VHOST_HLS_ENABLE",
            "env: SRS 5 variables of features not implemented here, ignored: SRS_RTC_SERVER_ENABLED SRS_SRT_SERVER_LISTEN",
        ])
    }

    @Test func overridesReadLikeConfigDirectivesAndHideSecrets() throws {
        let env = ["SRS_LISTEN": "1935 1936", "SRS_HTTP_API_AUTH_PASSWORD": "pw", "SRS_VHOST_HLS_HLS_PATH": "/a b"]
        let report = try ConfigLoader.loadEnvironmentOnly(env).environment
        let lines = report.overrides.map(\.description)
        #expect(lines == [
            "SRS_LISTEN=1935 1936 => listen 1935 1936;",
            "-e default SRS_DAEMON=off => daemon off;",
            "-e default SRS_SRS_LOG_TANK=console => srs_log_tank console;",
            "SRS_HTTP_API_AUTH_PASSWORD=****** => http_api { auth { password ******; } }",
            "SRS_VHOST_HLS_HLS_PATH=/a b => vhost __defaultVhost__ { hls { hls_path \"/a b\"; } }",
        ])
    }

    @Test func vhostVariablesWithoutAnyVhostWarn() throws {
        let loaded = try ConfigLoader.load(text: "listen 1935;", file: "main.conf",
                                           environment: ["SRS_VHOST_PLAY_ATC": "on"])
        #expect(loaded.warnings.map(\.description) == ["env SRS_VHOST_PLAY_ATC=on: no vhost to apply it to, ignored"])
    }

    @Test func everyVariableNamesItsKeyAndEveryImplementedTargetIsInTheSchema() {
        var names: Set<String> = []
        for variable in EnvironmentTable.variables {
            for name in variable.names { #expect(names.insert(name).inserted, "duplicate \(name)") }
            #expect(!EnvironmentTable.notImplemented.contains(variable.name))
            for target in variable.targets where target.path.first != "dvr" {
                var schema = target.scope == .root ? ConfigSchema.root : ConfigSchema.vhost
                for (index, part) in target.path.enumerated() {
                    let rule = schema.rules[part]
                    if index == target.path.count - 1 {
                        if case .leaf = rule {} else { Issue.record("\(variable.name): \(part) is not a leaf") }
                    } else if case .block(let inner) = rule {
                        schema = inner
                    } else {
                        Issue.record("\(variable.name): \(part) is not a block")
                    }
                }
            }
        }
        #expect(EnvironmentVariable.name(forKey: "vhost.http_remux.mount") == "SRS_VHOST_HTTP_REMUX_MOUNT")
        #expect(EnvironmentTable.variables.count == 111)  // 102 + the 8 https variables + SRS_WORKERS (beyond SRS)
    }
}
