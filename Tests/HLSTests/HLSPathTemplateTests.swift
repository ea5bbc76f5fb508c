import HLS
import Testing

@Suite struct HLSPathTemplateTests {
    @Test func streamVariables() {
        #expect(HLSPathTemplate.stream("[vhost]/[app]/[stream]-[seq].ts", vhost: "v.com", app: "live", stream: "s")
            == "v.com/live/s-[seq].ts")
        #expect(HLSPathTemplate.stream("plain.m3u8", vhost: "v", app: "a", stream: "s") == "plain.m3u8")
    }

    @Test func timeVariablesUseTheWallClock() {
        // 2023-11-14 22:13:20.123 UTC.
        let text = HLSPathTemplate.time("[2006]/[01]/[02]/[15][04][05].[999]-[timestamp].ts", wallMillis: 1_700_000_000_123, utc: true)
        #expect(text == "2023/11/14/221320.123-1700000000123.ts")
        #expect(HLSPathTemplate.time("[999]", wallMillis: 7, utc: true) == "007")
    }

    @Test func sequenceAndDuration() {
        #expect(HLSPathTemplate.sequence("a-[seq]-[seq].ts", 42) == "a-42-42.ts")
        #expect(HLSPathTemplate.duration("a-[duration].ts", millis: 1960) == "a-1960.ts")
    }

    @Test(arguments: [
        ("./objs/nginx/html/live/s.m3u8", "./objs/nginx/html/live"), ("/s.m3u8", "/"), ("s.m3u8", "."), ("/a/b/", "/a/b"),
    ])
    func dirnameIsSRSs(path: String, dirname: String) {
        #expect(HLSPathTemplate.dirname(path) == dirname)
    }

    @Test(arguments: [
        // Default layout: relative to the playlist.
        ("./html/live/livestream-12.ts", "", "livestream-12.ts"),
        // A sub-directory of the playlist's directory.
        ("./html/live/ts/livestream-12.ts", "", "ts/livestream-12.ts"),
        // Outside the playlist's directory: SRS leaves the path as it is.
        ("./html/other/livestream-12.ts", "", "./html/other/livestream-12.ts"),
        // A prefix without a trailing slash gets one plus the playlist URL's directory.
        ("./html/live/livestream-12.ts", "http://cdn", "http://cdn/live/livestream-12.ts"),
        // A prefix with a trailing slash is used as is.
        ("./html/live/livestream-12.ts", "http://cdn/hls/", "http://cdn/hls/livestream-12.ts"),
    ])
    func uriFollowsEntryPrefixRules(tsPath: String, prefix: String, uri: String) {
        #expect(HLSPathTemplate.uri(tsPath: tsPath, m3u8Directory: "./html/live", m3u8URL: "live/livestream.m3u8",
                                    entryPrefix: prefix) == uri)
    }

    @Test(arguments: [
        // No hls_key_url: relative to the playlist, like segments.
        ("live/livestream-0.key", "./html/live/livestream-0.key", "", "livestream-0.key"),
        ("live/keys/livestream-0.key", "./html/live/keys/livestream-0.key", "", "keys/livestream-0.key"),
        // hls_key_file_path outside the playlist's directory: SRS's bare name.
        ("live/livestream-0.key", "/keys/live/livestream-0.key", "", "live/livestream-0.key"),
        // hls_key_url is a plain prefix of the name (SRS adds no slash).
        ("live/livestream-0.key", "./html/live/livestream-0.key", "http://127.0.0.1:8080/",
         "http://127.0.0.1:8080/live/livestream-0.key"),
        ("live/livestream-0.key", "./html/live/livestream-0.key", "https://keys/k?f=", "https://keys/k?f=live/livestream-0.key"),
    ])
    func keyURIFollowsHLSKeyURL(name: String, path: String, keyURL: String, uri: String) {
        #expect(HLSPathTemplate.keyURI(keyName: name, keyPath: path, m3u8Directory: "./html/live", keyURL: keyURL) == uri)
    }

    @Test func floorClockAdvancesOneByOneAndJumpsBackWhenTooFarAhead() {
        var clock = HLSFloorClock()
        #expect(clock.next(nowMillis: 100_000, fragmentMillis: 10_000) == 9)
        #expect(clock.deviation == -1)
        #expect(clock.next(nowMillis: 100_500, fragmentMillis: 10_000) == 10)
        #expect(clock.deviation == 0)
        for _ in 0..<20 { _ = clock.next(nowMillis: 100_500, fragmentMillis: 10_000) }
        #expect(clock.deviation == 20)
        #expect(clock.next(nowMillis: 100_500, fragmentMillis: 10_000) == 9, "more than 20 ahead resets")
    }
}
