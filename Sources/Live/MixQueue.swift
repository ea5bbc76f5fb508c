import Codec

/// `play.mix_correct on` (SRS `SrsMixQueue`): audio and video are held in timestamp order and
/// released one per arrival once both kinds are queued, or once one kind has
/// `pureStreamThreshold` messages and the other none (a pure audio or video stream).
public struct MixQueue {
    /// SRS `SRS_MIX_CORRECT_PURE_AV`.
    public static let pureStreamThreshold = 10

    private var packets: [MediaPacket] = []
    private var videos = 0
    private var audios = 0

    public init() {}

    public var count: Int { packets.count }

    /// Queues `packet` after every packet with a timestamp ≤ its own (stable for equal times).
    public mutating func push(_ packet: MediaPacket) {
        var low = 0, high = packets.count
        while low < high {
            let mid = (low + high) / 2
            if packets[mid].timestamp <= packet.timestamp { low = mid + 1 } else { high = mid }
        }
        packets.insert(packet, at: low)
        if packet.kind == .video { videos += 1 } else { audios += 1 }
    }

    /// The earliest packet, when the mix rule allows one out.
    public mutating func pop() -> MediaPacket? {
        let ready = (videos >= 1 && audios >= 1)
            || (videos >= Self.pureStreamThreshold && audios == 0)
            || (audios >= Self.pureStreamThreshold && videos == 0)
        guard ready, !packets.isEmpty else { return nil }
        let packet = packets.removeFirst()
        if packet.kind == .video { videos -= 1 } else { audios -= 1 }
        return packet
    }

    public mutating func clear() { self = MixQueue() }
}
