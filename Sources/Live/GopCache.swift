import Codec

/// The last group of pictures, so a new player starts at once on a keyframe (srs-facts §6).
public struct GopCache {
    public private(set) var packets: [MediaPacket] = []
    public var enabled: Bool
    public var maxFrames: Int
    private var audioAfterLastVideo = 0
    private var hasVideo = false

    /// SRS compat: more than this many audio messages after the last video means "pure audio".
    static let pureAudioGuess = 115

    public init(enabled: Bool, maxFrames: Int) {
        self.enabled = enabled
        self.maxFrames = maxFrames
    }

    public var count: Int { packets.count }

    /// Caches `packet` (sequence headers are never cached; the meta cache keeps them).
    /// Returns a warning when the cache had to be cleared for a limit.
    @discardableResult
    public mutating func cache(_ packet: MediaPacket) -> String? {
        guard enabled, !packet.isSequenceHeader else { return nil }
        switch packet.kind {
        case .video:
            // SRS compat: only H.264 is cached.
            guard packet.flags.contains(.avcOrAAC) else { return nil }
            hasVideo = true
            audioAfterLastVideo = 0
            if packet.isKeyframe { packets.removeAll(keepingCapacity: true) }
        case .audio:
            // Audio is ignored until the first video is cached.
            guard hasVideo else { return nil }
            audioAfterLastVideo += 1
            if audioAfterLastVideo > GopCache.pureAudioGuess {
                clear()
                return "gop cache: drop for pure audio, \(GopCache.pureAudioGuess)+ audio after last video"
            }
        case .script:
            break
        }
        packets.append(packet)
        if maxFrames > 0 && packets.count > maxFrames {
            let count = packets.count
            clear()
            return "gop cache: drop \(count) messages, exceeds gop_cache_max_frames=\(maxFrames)"
        }
        return nil
    }

    public mutating func clear() {
        packets.removeAll(keepingCapacity: true)
        audioAfterLastVideo = 0
        hasVideo = false
    }

    /// Media span of the cache in ms.
    public var duration: Int64 {
        guard let first = packets.first, let last = packets.last else { return 0 }
        return last.timestamp - first.timestamp
    }
}
