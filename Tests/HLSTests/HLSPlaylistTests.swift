import HLS
import Testing

@Suite struct HLSPlaylistTests {
    @Test func rendersSRSsExactText() {
        let segments = [
            HLSSegment(sequence: 12, durationMillis: 10_005, discontinuity: true, uri: "livestream-12.ts", path: "/x/livestream-12.ts"),
            HLSSegment(sequence: 13, durationMillis: 9_960, discontinuity: false, uri: "livestream-13.ts", path: "/x/livestream-13.ts"),
            HLSSegment(sequence: 14, durationMillis: 40, discontinuity: true, uri: "http://cdn/live/livestream-14.ts", path: "/x/livestream-14.ts"),
        ]
        let expected = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA-SEQUENCE:12
            #EXT-X-TARGETDURATION:11
            #EXT-X-DISCONTINUITY
            #EXTINF:10.005, no desc
            livestream-12.ts
            #EXTINF:9.960, no desc
            livestream-13.ts
            #EXT-X-DISCONTINUITY
            #EXTINF:0.040, no desc
            http://cdn/live/livestream-14.ts

            """
        #expect(HLSPlaylist.render(segments, maxTDMillis: 10_000) == expected)
    }

    @Test(arguments: [
        (Int64(9_000), Int64(10_000), 10), (10_000, 10_000, 10), (10_001, 10_000, 11),
        (2_100, 1_500, 3), (500, 1_900, 2), (4_000, 0, 4),
    ] as [(Int64, Int64, Int)])
    func targetDurationIsTheCeilingOfTheLongestOrTheFragmentTimesRatio(longest: Int64, maxTD: Int64, target: Int) {
        let segment = HLSSegment(sequence: 0, durationMillis: longest, discontinuity: false, uri: "a.ts", path: "a.ts")
        #expect(HLSPlaylist.render([segment], maxTDMillis: maxTD)?.contains("#EXT-X-TARGETDURATION:\(target)\n") == true)
    }

    @Test func durationVariableInTheURIIsReplacedWithMilliseconds() {
        let segment = HLSSegment(sequence: 0, durationMillis: 2_345, discontinuity: false, uri: "s-[duration].ts", path: "s-2345.ts")
        #expect(HLSPlaylist.render([segment], maxTDMillis: 0)?.hasSuffix("#EXTINF:2.345, no desc\ns-2345.ts\n") == true)
    }

    @Test func noSegmentsMeansNoPlaylist() {
        #expect(HLSPlaylist.render([], maxTDMillis: 10_000) == nil)
    }

    @Test func linesEndWithLFOnlyAndThereIsNoEndList() throws {
        let segment = HLSSegment(sequence: 1, durationMillis: 1_000, discontinuity: false, uri: "a.ts", path: "a.ts")
        let text = try #require(HLSPlaylist.render([segment], maxTDMillis: 1_000))
        #expect(!text.contains("\r") && !text.contains("ENDLIST") && !text.contains("ALLOW-CACHE"))
    }
}
