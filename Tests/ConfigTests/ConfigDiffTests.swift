@testable import Config
import Testing

@Suite struct ConfigDiffTests {
    private func config(_ text: String) throws -> ServerConfig {
        try ConfigLoader.load(text: text, file: "test.conf", readFile: { _ in "" }).config
    }

    private let base = "listen 1935; max_connections 100; vhost __defaultVhost__ { }"

    @Test func identicalConfigsGiveAnEmptyDiff() throws {
        let diff = ConfigDiff(old: try config(base), new: try config(base))
        #expect(diff.isEmpty)
        #expect(diff.summary == "no change")
    }

    @Test(arguments: [
        ("listen 1935 1936; max_connections 100; vhost __defaultVhost__ { }", "listen+=0.0.0.0:1936"),
        ("listen 1936; max_connections 100; vhost __defaultVhost__ { }", "listen+=0.0.0.0:1936 listen-=0.0.0.0:1935"),
        ("listen 1935; max_connections 5; vhost __defaultVhost__ { }", "max_connections"),
        ("listen 1935; max_connections 100; srs_log_level warn; vhost __defaultVhost__ { }", "log"),
        ("listen 1935; max_connections 100; http_api { enabled on; } vhost __defaultVhost__ { }", "http_api"),
        ("listen 1935; max_connections 100; exporter { enabled on; } vhost __defaultVhost__ { }", "exporter"),
        ("listen 1935; max_connections 100; exporter { tag edge; } vhost __defaultVhost__ { }", "exporter"),
        ("listen 1935; max_connections 100; vhost __defaultVhost__ { } vhost a.com { }", "vhost+=a.com"),
        ("listen 1935; max_connections 100; vhost __defaultVhost__ { hls { enabled on; } }", "vhost~=__defaultVhost__"),
        ("listen 1935; max_connections 100; vhost __defaultVhost__ { play { gop_cache off; } }", "vhost~=__defaultVhost__"),
    ])
    func summarisesEachKindOfChange(newText: String, summary: String) throws {
        let diff = ConfigDiff(old: try config(base), new: try config(newText))
        #expect(diff.summary == summary)
        #expect(diff.needsRestart.isEmpty)
    }

    @Test func removedVhostsAndRestartOnlySettingsAreReported() throws {
        let old = try config(base + " vhost a.com { } daemon off;")
        let new = try config("listen 1935; max_connections 100; daemon on; pid ./x.pid; vhost __defaultVhost__ { }")
        let diff = ConfigDiff(old: old, new: new)
        #expect(diff.vhostsRemoved == ["a.com"])
        #expect(diff.needsRestart == ["daemon", "pid"])
    }

    @Test func changingClusterModeIsRefused() throws {
        let old = try config(base)
        let new = try config("listen 1935; max_connections 100; vhost __defaultVhost__ { cluster { mode remote; origin 127.0.0.1; } }")
        #expect(ConfigDiff(old: old, new: new).refusedChanges == ["vhost __defaultVhost__ cluster.mode"])
        #expect(ConfigDiff(old: old, new: new).needsRestart.isEmpty)
    }
}
