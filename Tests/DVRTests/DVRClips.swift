import Codec
import Core
import Glibc
import TestSupport

/// The FLV test clips as media packets, a scratch directory, and a shell runner for ffprobe.
enum DVRClips {
    /// Every tag of a clip as media packets, or nil if the clip cannot be read.
    static func packets(_ name: String) -> [MediaPacket]? {
        guard let bytes = MediaClips.load(name), let tags = try? FLVFileReader.readAll(bytes).tags else { return nil }
        return tags.map { MediaPacket(kind: $0.kind, timestamp: Int64($0.timestamp), payload: SharedBytes($0.body)) }
    }

    /// Runs a shell command and returns its stdout and stderr.
    static func run(_ command: String) -> String {
        guard let pipe = popen(command + " 2>&1", "r") else { return "" }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            if count == 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        pclose(pipe)
        return String(decoding: output, as: UTF8.self)
    }

    static var hasFFprobe: Bool { run("command -v ffprobe").contains("ffprobe") }

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
