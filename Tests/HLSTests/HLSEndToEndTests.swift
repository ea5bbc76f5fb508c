import TestSupport
import Codec
import Core
import HLS
import Live
import Testing

/// Whole clips through a real source and muxer into a temp directory, checked with ffprobe.
@Suite(.serialized) struct HLSEndToEndTests {
    /// Clip, expected codecs, and the longest segment SRS's rules give with hls_fragment 2:
    /// GOPs of exactly 2 s reap every second keyframe (the frames before a keyframe add up to
    /// just under 2 s), and pure audio reaps at 2 × 2.1 = 4.2 s.
    @Test(arguments: [
        ("avc-aac-720p-20s.flv", ["h264", "aac"], 4.2),
        ("avc-only-240p-6s.flv", ["h264"], 4.2),
        ("aac-only-6s.flv", ["aac"], 4.3),
    ] as [(String, [String], Double)])
    func clipsBecomePlayableSegments(clip: String, codecs: [String], longest: Double) throws {
        let packets = try #require(HLSClips.packets(clip), "missing \(clip) in \(MediaClips.directory())")
        let root = try TempDirectory()
        let settings = HLSSettings(fragment: .seconds(2), path: root.path)
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "e2e"), settings: PlaySettings())
        let muxer = HLSMuxer(key: source.key, settings: settings)
        source.addObserver(muxer)
        try source.publish(by: ContextID("e2e00001"))
        for packet in packets { source.feed(packet) }
        source.unpublish()
        #expect(muxer.status.lastError == nil && muxer.status.skippedFrames == 0)

        let m3u8 = root.path + "/live/e2e.m3u8"
        let playlist = String(decoding: try #require(root.read(m3u8)), as: UTF8.self)
        let names = playlist.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(names.count >= 2)
        #expect(names.count == muxer.segments.count)
        for name in names {
            let bytes = try #require(root.read(root.path + "/live/" + name), "\(name) listed but missing")
            #expect(TSInspector(bytes: bytes).isPacketAligned)
        }
        guard HLSClips.hasFFprobe else { return }
        for (index, name) in names.enumerated() {
            let path = root.path + "/live/" + name
            // ffprobe lists each stream under the program too: compare the sets.
            let streams = HLSClips.run("timeout 60 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 '\(path)'")
            #expect(Set(streams.split(separator: "\n").map(String.init)) == Set(codecs), "\(name): \(streams)")
            let output = HLSClips.run("timeout 60 ffprobe -v error -show_entries format=duration -of csv=p=0 '\(path)'")
            let duration = try #require(Double(output.trimmingPrefixAndSuffixWhitespace), "\(name): \(output)")
            let isLast = index == names.count - 1
            #expect(duration <= longest, "\(name) lasts \(duration) s")
            #expect(duration >= 1 || isLast, "\(name) lasts \(duration) s")
        }
        // The whole playlist decodes without a single error (continuity, timestamps, bitstream).
        // A live playlist has no ENDLIST and ffmpeg would wait for more: decode a closed copy.
        let closed = root.path + "/live/closed.m3u8"
        try PosixHLSFileStore().writeAtomically(Array((playlist + "#EXT-X-ENDLIST\n").utf8), to: closed,
                                                temporaryPath: closed + ".tmp")
        let decode = HLSClips.run("timeout 120 ffmpeg -nostdin -v error -i '\(closed)' -f null -")
        #expect(decode.isEmpty, "ffmpeg: \(decode)")
    }

    /// hls_keys: ffmpeg fetches each key file named by the playlist, decrypts with its IV and
    /// decodes every frame of the clip.
    @Test func encryptedSegmentsDecodeInFFmpegWithTheirKeyFiles() throws {
        let packets = try #require(HLSClips.packets("avc-aac-720p-20s.flv"), "missing clip in \(MediaClips.directory())")
        let root = try TempDirectory()
        let settings = HLSSettings(fragment: .seconds(2), path: root.path, keys: true, fragmentsPerKey: 2)
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "enc"), settings: PlaySettings())
        let muxer = HLSMuxer(key: source.key, settings: settings)
        source.addObserver(muxer)
        try source.publish(by: ContextID("e2e00002"))
        for packet in packets { source.feed(packet) }
        source.unpublish()
        #expect(muxer.status.lastError == nil && muxer.segments.count >= 4)

        let playlist = String(decoding: try #require(root.read(root.path + "/live/enc.m3u8")), as: UTF8.self)
        let keyLines = playlist.split(separator: "\n").filter { $0.hasPrefix("#EXT-X-KEY:METHOD=AES-128,URI=\"enc-") }
        #expect(keyLines.count == (muxer.segments.count + 1) / 2, "\(playlist)")
        for segment in muxer.segments {
            let bytes = try #require(root.read(segment.path))
            #expect(!TSInspector(bytes: bytes).isPacketAligned, "\(segment.uri) is clear")
            #expect(root.read(try #require(segment.key).path)?.count == 16)
        }
        guard HLSClips.hasFFprobe else { return }
        let closed = root.path + "/live/closed.m3u8"
        try PosixHLSFileStore().writeAtomically(Array((playlist + "#EXT-X-ENDLIST\n").utf8), to: closed,
                                                temporaryPath: closed + ".tmp")
        let decode = HLSClips.run("timeout 120 ffmpeg -nostdin -v error -allowed_extensions ALL -i '\(closed)' "
            + "-f null - && echo decoded")
        #expect(decode == "decoded\n", "ffmpeg: \(decode)")
        // Every video frame of the clip comes back (ffprobe lists the stream under the program too).
        func frames(_ target: String) -> Int? {
            let output = HLSClips.run("timeout 120 ffprobe -v error -allowed_extensions ALL -count_frames "
                + "-select_streams v -show_entries stream=nb_read_frames -of csv=p=0 '\(target)'")
            return output.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
        }
        let clip = MediaClips.directory() + "/avc-aac-720p-20s.flv"
        #expect(frames(closed) != nil && frames(closed) == frames(clip))
    }
}

extension String {
    var trimmingPrefixAndSuffixWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
