import Codec
import Core
import Glibc
import TestSupport

/// The FLV test clips as media packets, a scratch directory, and a shell runner for ffprobe.
enum DVRClips {
    static func packets(_ name: String) -> [MediaPacket]? { ClipTools.packets(name) }
    static func run(_ command: String) -> String { ClipTools.run(command) }
    static var hasFFprobe: Bool { ClipTools.hasFFprobe }

    /// `ffprobe` fields of a file: stream codec names, the video size and the format duration.
    static func probe(_ path: String) -> (codecs: Set<String>, size: String, duration: Double?) {
        let streams = run("timeout 60 ffprobe -v error -show_entries stream=codec_name -of csv=p=0 '\(path)'")
        let size = run("timeout 60 ffprobe -v error -select_streams v -show_entries stream=width,height -of csv=p=0 '\(path)'")
        let duration = run("timeout 60 ffprobe -v error -show_entries format=duration -of csv=p=0 '\(path)'")
        return (Set(streams.split(separator: "\n").map(String.init)), size.trimmingCharacters(),
                Double(duration.trimmingCharacters()))
    }
}

enum DVRTestError: Error { case noTempDirectory(Int32) }

extension String {
    func trimmingCharacters() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
