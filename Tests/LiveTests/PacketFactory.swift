import Live
import Codec
import Core

/// Builds FLV-shaped packets for the tests.
enum PacketFactory {
    static func video(_ timestamp: Int64, keyframe: Bool = false, sequenceHeader: Bool = false, size: Int = 16) -> MediaPacket {
        var bytes = [UInt8](repeating: 0xAB, count: max(size, 5))
        bytes[0] = (keyframe || sequenceHeader ? 0x10 : 0x20) | 7
        bytes[1] = sequenceHeader ? 0 : 1
        return MediaPacket(kind: .video, timestamp: timestamp, payload: SharedBytes(bytes))
    }

    static func audio(_ timestamp: Int64, sequenceHeader: Bool = false) -> MediaPacket {
        MediaPacket(kind: .audio, timestamp: timestamp, payload: SharedBytes([0xAF, sequenceHeader ? 0 : 1, 0x12, 0x10]))
    }

    static func metadata() -> MediaPacket {
        MediaPacket(kind: .script, timestamp: 0, payload: SharedBytes([0x02, 0x00, 0x0A]))
    }
}

/// A sink that counts wake-ups.
final class CountingSink: ConsumerSink {
    var readyCount = 0
    func consumerIsReady(_ consumer: Consumer) { readyCount += 1 }
}
