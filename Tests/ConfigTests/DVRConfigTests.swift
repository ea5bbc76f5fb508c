import Testing
@testable import Config

@Suite("vhost dvr")
struct DVRConfigTests {
    @Test func defaultsAreSRS5s() throws {
        let dvr = try Fixture.vhost("").dvr
        #expect(dvr.enabled == false)
        #expect(dvr.apply == .all)
        #expect(dvr.path == "./objs/nginx/html/[app]/[stream].[timestamp].flv")
        #expect(dvr.plan == .session)
        #expect(dvr.duration == .seconds(30))
        #expect(dvr.waitKeyframe == true)
        #expect(dvr.timeJitter == .full)
        #expect(dvr == DVRConfig.defaults)
    }

    @Test func readsEveryDirective() throws {
        let loaded = try Fixture.load("""
            listen 1935;
            vhost v {
                dvr { enabled on; dvr_apply live/a live/b; dvr_path /data/[vhost]/[app]/[stream].[2006][01].mp4;
                      dvr_plan segment; dvr_duration 60; dvr_wait_keyframe off; time_jitter zero; }
            }
            """)
        #expect(loaded.warnings.isEmpty)
        let dvr = loaded.config.vhosts[0].dvr
        #expect(dvr == DVRConfig(enabled: true, apply: .streams(["live/a", "live/b"]),
                                 path: "/data/[vhost]/[app]/[stream].[2006][01].mp4", plan: .segment,
                                 duration: .seconds(60), waitKeyframe: false, timeJitter: .zero))
    }

    static let applies: [(args: String, apply: DVRConfig.Apply)] = [
        ("", .all),
        ("dvr_apply;", .all),
        ("dvr_apply all;", .all),
        ("dvr_apply none;", .streams(["none"])),
        ("dvr_apply live/livestream;", .streams(["live/livestream"])),
        // SRS compat: `all` is only special on its own.
        ("dvr_apply all live/a;", .streams(["all", "live/a"])),
    ]

    @Test("dvr_apply as SRS's srs_config_apply_filter reads it", arguments: applies)
    func readsApply(args: String, apply: DVRConfig.Apply) throws {
        #expect(try Fixture.vhost("dvr { \(args) }").dvr.apply == apply)
    }

    @Test func unknownTimeJitterIsOffLikeSRS() throws {
        let loaded = try Fixture.load("listen 1935;\nvhost v { dvr { time_jitter smooth; } }")
        #expect(loaded.config.vhosts[0].dvr.timeJitter == .off)
        #expect(loaded.warnings.map(\.message) == ["vhost.dvr.time_jitter \"smooth\" is not one of full|off|zero, taken as off"])
    }

    @Test func rejectsAnUnknownPlanWhereItIsWritten() {
        #expect(Fixture.errors("listen 1935;\nvhost v {\ndvr { dvr_plan append; }\n}")
            == ["main.conf:3: vhost.dvr.dvr_plan: \"append\" is not one of segment|session"])
    }

    @Test func rejectsUnknownDVRDirectives() {
        #expect(Fixture.errors("listen 1935;\nvhost v { dvr { dvr_foo 1; } }") == ["main.conf:2: illegal vhost.dvr.dvr_foo of v"])
    }

    @Test func isNoLongerWarnedAsUnsupported() throws {
        #expect(try Fixture.load("listen 1935;\nvhost v { dvr { enabled on; } }").warnings.isEmpty)
    }

    @Test func aChangedDVRBlockChangesTheVhost() throws {
        let old = try Fixture.load("listen 1935;\nvhost v { dvr { enabled off; } }").config
        let new = try Fixture.load("listen 1935;\nvhost v { dvr { enabled on; } }").config
        #expect(ConfigDiff(old: old, new: new).vhostsChanged == ["v"])
    }
}
