import Codec
import Core
import Glibc

/// The clips as media packets and a shell runner for ffprobe, shared by the HLS and DVR tests.
public enum ClipTools {
    /// Every tag of a clip as media packets, or nil if the clip cannot be read.
    public static func packets(_ name: String) -> [MediaPacket]? {
        guard let bytes = MediaClips.load(name), let tags = try? FLVFileReader.readAll(bytes).tags else { return nil }
        return tags.map { MediaPacket(kind: $0.kind, timestamp: Int64($0.timestamp), payload: SharedBytes($0.body)) }
    }

    /// Runs a shell command and returns its stdout and stderr.
    public static func run(_ command: String) -> String {
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

    public static var hasFFprobe: Bool { run("command -v ffprobe").contains("ffprobe") }
}
