/// The live m3u8 text SRS writes (srs-facts §8.2): LF endings, version 3, no ENDLIST.
public enum HLSPlaylist {
    /// The playlist for `segments` (nil when there are none: SRS writes no m3u8 then).
    /// `maxTDMillis` is hls_fragment × hls_td_ratio, a floor for EXT-X-TARGETDURATION.
    public static func render(_ segments: [HLSSegment], maxTDMillis: Int64) -> String? {
        guard let first = segments.first else { return nil }
        let longest = max(segments.map(\.durationMillis).max() ?? 0, maxTDMillis)
        // ceil(ms / 1000) without floating point.
        let target = (longest + 999) / 1000
        var text = "#EXTM3U\n#EXT-X-VERSION:3\n"
        text += "#EXT-X-MEDIA-SEQUENCE:\(first.sequence)\n"
        text += "#EXT-X-TARGETDURATION:\(target)\n"
        for segment in segments {
            if segment.discontinuity { text += "#EXT-X-DISCONTINUITY\n" }
            // SRS compat: fixed 3 decimals, then literally ", no desc".
            text += "#EXTINF:\(seconds(segment.durationMillis)), no desc\n"
            text += HLSPathTemplate.duration(segment.uri, millis: segment.durationMillis) + "\n"
        }
        return text
    }

    /// Milliseconds as seconds with exactly three decimals ("10.005").
    static func seconds(_ millis: Int64) -> String {
        let value = max(0, millis)
        let fraction = String(value % 1000)
        return "\(value / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
