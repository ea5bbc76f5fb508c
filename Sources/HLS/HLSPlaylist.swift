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
        for (index, segment) in segments.enumerated() {
            if segment.discontinuity { text += "#EXT-X-DISCONTINUITY\n" }
            if let tag = keyTag(segment.key, after: index == 0 ? nil : segments[index - 1].key) {
                text += tag + "\n"
            }
            // SRS compat: fixed 3 decimals, then literally ", no desc".
            text += "#EXTINF:\(seconds(segment.durationMillis)), no desc\n"
            text += HLSPathTemplate.duration(segment.uri, millis: segment.durationMillis) + "\n"
        }
        return text
    }

    /// The `#EXT-X-KEY` line before a segment (RFC 8216 §4.3.2.4: a key applies to every segment
    /// up to the next key line), after its `#EXT-X-DISCONTINUITY` as SRS writes them. `previous`
    /// is the key of the segment listed before it (nil for the first one).
    ///
    /// SRS compat: SRS writes the line before each key's first segment (sequence number a
    /// multiple of `hls_fragments_per_key`), the rotation points. Once the window slid past a
    /// key's first segment SRS lists the key's remaining segments without any key line, so
    /// players read them as clear; we repeat the key line before the first listed segment.
    /// A clear segment after an encrypted one (hls_keys turned off by reload) gets
    /// `METHOD=NONE`, which SRS never writes.
    static func keyTag(_ key: HLSKey?, after previous: HLSKey?) -> String? {
        guard let key else { return previous == nil ? nil : "#EXT-X-KEY:METHOD=NONE" }
        return key == previous ? nil : key.tag
    }

    /// Milliseconds as seconds with exactly three decimals ("10.005").
    static func seconds(_ millis: Int64) -> String {
        let value = max(0, millis)
        let fraction = String(value % 1000)
        return "\(value / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
