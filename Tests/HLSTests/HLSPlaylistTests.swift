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

    // MARK: hls_keys

    /// Segments `sequences` of 2 s, keyed every `perKey` from sequence 0 (`keyless` ones clear).
    private static func keyed(_ sequences: ClosedRange<Int>, perKey: Int, keyless: Set<Int> = [],
                              discontinuity: Set<Int> = []) -> [HLSSegment] {
        sequences.map { seq in
            let first = seq - seq % perKey
            let key = HLSKey(sequence: first, path: "/x/s-\(first).key", uri: "s-\(first).key",
                             iv: [UInt8](repeating: UInt8(first), count: 16))
            return HLSSegment(sequence: seq, durationMillis: 2_000, discontinuity: discontinuity.contains(seq),
                              uri: "s-\(seq).ts", path: "/x/s-\(seq).ts", key: keyless.contains(seq) ? nil : key)
        }
    }

    /// The sequence numbers each `#EXT-X-KEY` line stands before, and the key files they name.
    private static func keyLines(_ text: String) -> [(before: Int, line: String)] {
        let lines = text.split(separator: "\n").map(String.init)
        var found: [(Int, String)] = []
        for (index, line) in lines.enumerated() where line.hasPrefix("#EXT-X-KEY:") {
            let uri = lines[index...].first { !$0.hasPrefix("#") } ?? ""
            found.append((Int(uri.dropFirst(2).dropLast(3)) ?? -1, line))
        }
        return found
    }

    @Test func keyLinesAreSRSsExactText() throws {
        let text = try #require(HLSPlaylist.render(Self.keyed(0...2, perKey: 2, discontinuity: [0]), maxTDMillis: 2_000))
        #expect(text == """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-TARGETDURATION:2
            #EXT-X-DISCONTINUITY
            #EXT-X-KEY:METHOD=AES-128,URI="s-0.key",IV=0x00000000000000000000000000000000
            #EXTINF:2.000, no desc
            s-0.ts
            #EXTINF:2.000, no desc
            s-1.ts
            #EXT-X-KEY:METHOD=AES-128,URI="s-2.key",IV=0x02020202020202020202020202020202
            #EXTINF:2.000, no desc
            s-2.ts

            """)
    }

    @Test(arguments: [
        // Rotation points: before each key's first segment (SRS).
        (0...5, 2, Set<Int>(), [0, 2, 4]),
        (0...9, 5, [], [0, 5]),
        (0...3, 1, [], [0, 1, 2, 3]),
        // The window slid past a key's first segment: its line is repeated before the first listed one.
        (3...7, 2, [], [3, 4, 6]),
        (7...12, 5, [], [7, 10]),
        // Clear segments (hls_keys off by reload) after encrypted ones: METHOD=NONE, then keys again.
        (0...5, 2, [2, 3], [0, 2, 4]),
        // All clear: no key lines.
        (0...2, 2, [0, 1, 2], []),
    ] as [(ClosedRange<Int>, Int, Set<Int>, [Int])])
    func keyLinesStandBeforeEachKeysFirstListedSegment(sequences: ClosedRange<Int>, perKey: Int, keyless: Set<Int>,
                                                       before: [Int]) throws {
        let text = try #require(HLSPlaylist.render(Self.keyed(sequences, perKey: perKey, keyless: keyless),
                                                   maxTDMillis: 2_000))
        let lines = Self.keyLines(text)
        #expect(lines.map(\.before) == before, "\(text)")
        for (seq, line) in lines {
            if keyless.contains(seq) {
                #expect(line == "#EXT-X-KEY:METHOD=NONE")
            } else {
                let first = seq - seq % perKey
                #expect(line.hasPrefix("#EXT-X-KEY:METHOD=AES-128,URI=\"s-\(first).key\",IV=0x"), "\(line)")
            }
        }
    }

    @Test func aDiscontinuityComesBeforeTheKeyLineAsSRSWritesThem() throws {
        let text = try #require(HLSPlaylist.render(Self.keyed(0...3, perKey: 2, discontinuity: [2]), maxTDMillis: 0))
        #expect(text.contains("s-1.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-KEY:METHOD=AES-128,URI=\"s-2.key\""))
    }
}
