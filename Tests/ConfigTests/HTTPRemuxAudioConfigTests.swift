import Testing
@testable import Config

/// `.mp3` / `.aac` http_remux mounts (SRS 5's HTTP-MP3 / HTTP-AAC) are plain mounts now.
@Suite struct HTTPRemuxAudioConfigTests {
    @Test(arguments: ["mp3", "aac"])
    func anAudioMountWithFastCacheLoadsWithoutWarnings(ext: String) throws {
        let loaded = try Fixture.load("""
            listen 1935;
            http_server { enabled on; listen 8080; }
            vhost __defaultVhost__ { http_remux { enabled on; mount [vhost]/[app]/[stream].\(ext); fast_cache 2.5; } }
            """)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let remux = try #require(loaded.config.vhosts.first).httpRemux
        #expect(remux.enabled && remux.mount == "[vhost]/[app]/[stream].\(ext)")
        #expect(remux.fastCache == .milliseconds(2500))
    }

    @Test(arguments: ["http.aac.live.conf", "http.mp3.live.conf"])
    func theShippedAudioConfigsLoadWithoutWarnings(name: String) throws {
        let loaded = try ShippedConfigTests.load(name)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let remux = try #require(loaded.config.vhosts.first).httpRemux
        #expect(remux.enabled && remux.fastCache == .seconds(30))
        #expect(remux.mount.hasSuffix(name.hasPrefix("http.aac") ? ".aac" : ".mp3"))
    }
}
