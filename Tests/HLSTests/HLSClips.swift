import Codec
import Core
import Glibc
import TestSupport

/// The FLV clips as media packets, and a shell runner for ffprobe.
enum HLSClips {
    static func packets(_ name: String) -> [MediaPacket]? { ClipTools.packets(name) }
    static func run(_ command: String) -> String { ClipTools.run(command) }
    static var hasFFprobe: Bool { ClipTools.hasFFprobe }
}
