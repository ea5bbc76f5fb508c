import Testing
@testable import Config

/// Cross-directive checks of SRS `check_normal_config`, and error reporting.
@Suite("Config checks")
struct ConfigChecksTests {
    @Test func rejectsAnEmptyConfig() {
        #expect(Fixture.errors("") == ["main.conf: conf is empty"])
        #expect(Fixture.errors("# nothing\n") == ["main.conf: conf is empty"])
        #expect(Fixture.errors("listen 1935;\ninclude e.conf;", files: ["e.conf": ""]) == [])
    }

    @Test func rejectsFullConf() {
        #expect(Fixture.errors("listen 1935;\nis_full on;") ==
                ["main.conf:2: never use full.conf, it is a reference of every directive"])
        #expect(Fixture.errors("listen 1935;\nis_full off;") == [])
    }

    @Test func rejectsDaemonWithAsprocess() {
        #expect(Fixture.errors("listen 1935;\nasprocess on;") == ["main.conf:2: daemon conflicts with asprocess"])
        #expect(Fixture.errors("listen 1935;\ndaemon off;\nasprocess on;") == [])
    }

    @Test func rejectsTwoHTTPRemuxBlocks() {
        #expect(Fixture.errors("listen 1935;\nvhost v {\n http_remux {}\n http_remux {}\n}") ==
                ["main.conf:4: vhost.http_remux only one but count=2 of v"])
    }

    @Test func rejectsHLSWithHTTPTSRemux() {
        let text = "listen 1935;\nvhost v {\n hls { enabled on; }\n http_remux { enabled on; mount [vhost]/[app]/[stream].ts; }\n}"
        #expect(Fixture.errors(text) == ["main.conf:4: vhost.hls conflict with vhost.http-ts of v"])
        let hlsOff = "listen 1935;\nvhost v { http_remux { enabled on; mount [vhost]/[app]/[stream].ts; } }"
        #expect(Fixture.errors(hlsOff) == [])
    }

    @Test func rejectsDuplicateVhostsKeepingTheFirstLocation() {
        #expect(Fixture.errors("listen 1935;\nvhost a {}\n\nvhost a { enabled off; }") ==
                ["main.conf:4: duplicate vhost a, first defined at main.conf:2"])
    }

    @Test func rejectsAVhostWithoutAName() {
        #expect(Fixture.errors("listen 1935;\nvhost {}") == ["main.conf:2: vhost requires a name"])
    }

    @Test func rejectsForwardWithKickoffForIdle() {
        let text = "listen 1935;\nvhost v {\n forward { enabled on; destination a; }\n publish { kickoff_for_idle 10; }\n}"
        #expect(Fixture.errors(text) == ["main.conf:3: vhost.forward conflicts with vhost.publish.kickoff_for_idle of v"])
    }

    @Test func rejectsDuplicateIngestIDs() {
        let text = "listen 1935;\nvhost v {\n ingest cam { }\n ingest cam { }\n}"
        #expect(Fixture.errors(text) == ["main.conf:4: ingest id=cam exists for v"])
    }

    @Test func onlyWarnsAboutChunkSizesOutOfRange() throws {
        let loaded = try Fixture.load("listen 1935;\nchunk_size 100;\nvhost v {\n chunk_size 70000;\n}")
        #expect(loaded.config.chunkSize == 100)
        #expect(loaded.warnings.map(\.description) == [
            "main.conf:2: chunk_size=100 should be in [128, 65536]",
            "main.conf:4: chunk_size=70000 of v should be in [128, 65536]",
        ])
    }

    @Test func warnsAboutAnEdgeWithoutOrigin() throws {
        let loaded = try Fixture.load("listen 1935;\nvhost v { cluster { mode remote; } }")
        #expect(loaded.warnings.map(\.message) == ["vhost.cluster.mode remote without origin, edge cannot pull"])
    }

    @Test func looksUpVhostsWithTheDefaultFallback() throws {
        let config = try Fixture.load("listen 1935;\nvhost a.com { chunk_size 4096; }\nvhost __defaultVhost__ {}").config
        #expect(config.vhost(named: "a.com")?.chunkSize == 4096)
        #expect(config.vhost(named: "b.com")?.name == "__defaultVhost__")
        let noDefault = try Fixture.load("listen 1935;\nvhost a.com {}").config
        #expect(noDefault.vhost(named: "b.com") == nil)
        #expect(noDefault.vhost(named: "a.com")?.name == "a.com")
    }

    @Test func describesErrorsAsFileLineReason() {
        #expect(ConfigError.invalid(file: "a.conf", line: 3, reason: "bad").description == "a.conf:3: bad")
        #expect(ConfigError.syntax(file: "a.conf", line: 0, reason: "bad").description == "a.conf: bad")
        #expect(ConfigError.unreadable(path: "x.conf", reason: "No such file or directory").description ==
                "x.conf: cannot read config file: No such file or directory")
        let many = ConfigError.multiple([.invalid(file: "a", line: 1, reason: "x"), .invalid(file: "a", line: 2, reason: "y")])
        #expect(many.description == "a:1: x\na:2: y")
        #expect(many.srsCode == 1023)
        #expect(ConfigWarning(file: "a", line: 4, message: "w").description == "a:4: w")
    }

    @Test func throwsASingleErrorUnwrapped() {
        #expect(throws: ConfigError.invalid(file: "main.conf", line: 1, reason: "illegal directive foo")) {
            try Fixture.load("foo;\nlisten 1935;")
        }
    }

    @Test func equalConfigsCompareEqual() throws {
        let a = try Fixture.load("listen 1935;\nvhost v { hls { enabled on; } }").config
        let b = try Fixture.load("\n\nlisten 1935;   vhost v {\n hls {\n enabled on;\n }\n}").config
        let c = try Fixture.load("listen 1935;\nvhost v { hls { enabled off; } }").config
        #expect(a == b)
        #expect(a != c)
    }
}
