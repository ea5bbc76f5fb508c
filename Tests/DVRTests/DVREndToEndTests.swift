import Codec
import Core
@testable import DVR
import Live
import TestSupport
import Testing

/// Whole clips through a real source and recorder into a temp directory, checked with ffprobe.
@Suite(.serialized) struct DVREndToEndTests {
    static let clips: [(clip: String, codecs: Set<String>, size: String, seconds: Double)] = [
        ("avc-aac-360p-10s.flv", ["h264", "aac"], "640,360", 10),
        ("avc-only-240p-6s.flv", ["h264"], "320,240", 6),
        ("aac-only-6s.flv", ["aac"], "", 6),
    ]

    /// Records `clip` with `settings` (path under `root`) and returns the closed files.
    static func record(_ clip: String, _ settings: DVRSettings) throws -> [DVRFile] {
        let packets = try #require(DVRClips.packets(clip), "missing \(clip) in \(MediaClips.directory())")
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "e2e"), settings: PlaySettings())
        var wall: Int64 = 1_700_000_000_000
        let recorder = DVRRecorder(key: source.key, settings: settings, wallNow: { wall })
        var closed: [DVRFile] = []
        recorder.onFileClosed = { closed.append($0) }
        try source.publish(by: ContextID("e2e00001"))
        source.addObserver(recorder)
        recorder.start(source: source, settings: settings)
        for packet in packets {
            wall = 1_700_000_000_000 + packet.timestamp
            source.feed(packet)
        }
        source.unpublish()
        #expect(recorder.status.lastError == nil && recorder.status.skippedFrames == 0)
        return closed
    }

    @Test(arguments: [false, true])
    func sessionFilesPlayWithTheClipsCodecsAndDuration(mp4: Bool) throws {
        for (clip, codecs, size, seconds) in Self.clips {
            let root = try TempDirectory()
            let suffix = mp4 ? "mp4" : "flv"
            let files = try Self.record(clip, DVRSettings(path: root.path + "/[app]/[stream].[timestamp]." + suffix))
            #expect(files.count == 1)
            #expect(root.files() == files.map(\.path), "no .tmp left")
            guard DVRClips.hasFFprobe, let file = files.first else { continue }
            let probe = DVRClips.probe(file.path)
            #expect(probe.codecs == codecs, "\(clip): \(probe)")
            #expect(probe.size == size, "\(clip): \(probe)")
            let duration = try #require(probe.duration, "\(clip): \(probe)")
            #expect(abs(duration - seconds) < 0.3, "\(clip) as \(suffix) lasts \(duration) s")
            #expect(abs(Double(file.duration.components.seconds) - seconds) <= 1)
            let decode = DVRClips.run("timeout 120 ffmpeg -nostdin -v error -i '\(file.path)' -f null -")
            #expect(decode.isEmpty, "\(clip) as \(suffix): \(decode)")
        }
    }

    @Test(arguments: [false, true])
    func segmentFilesEachPlayAndAddUpToTheClip(mp4: Bool) throws {
        let root = try TempDirectory()
        let suffix = mp4 ? "mp4" : "flv"
        let settings = DVRSettings(path: root.path + "/[app]/[stream].[timestamp]." + suffix, plan: .segment,
                                   duration: .seconds(3))
        let files = try Self.record("avc-aac-360p-10s.flv", settings)
        // 2 s GOPs and 3 s segments: a cut at every second keyframe (4 s, 8 s).
        #expect(files.count == 3)
        #expect(root.files() == files.map(\.path).sorted())
        guard DVRClips.hasFFprobe else { return }
        var total = 0.0
        for file in files {
            let probe = DVRClips.probe(file.path)
            #expect(probe.codecs == ["h264", "aac"], "\(file.path): \(probe)")
            total += try #require(probe.duration)
            let decode = DVRClips.run("timeout 120 ffmpeg -nostdin -v error -i '\(file.path)' -f null -")
            #expect(decode.isEmpty, "\(file.path): \(decode)")
        }
        #expect(abs(total - 10) < 0.5, "segments add up to \(total) s")
    }
}
