import Core

/// One media message in FLV tag shape: what the live source, the GOP cache and every consumer
/// (RTMP, HTTP-FLV, HLS) share. The payload is the FLV tag body and is never copied per consumer.
public struct MediaPacket: Sendable {
    /// FLV tag types (also the RTMP message type ids 8, 9 and 18).
    public enum Kind: UInt8, Sendable {
        case audio = 8
        case video = 9
        case script = 18
    }

    // Stored in this order so the two one-byte fields share the last word: 24 bytes a packet
    // (32 with `kind` first), in every consumer queue and the GOP cache.
    public let payload: SharedBytes
    /// Milliseconds on the packet's timeline (publisher's, or after jitter correction).
    public var timestamp: Int64
    public var kind: Kind
    /// Precomputed from the first payload bytes (see `MediaPacket.classify`).
    public let flags: Flags

    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let keyframe = Flags(rawValue: 1 << 0)
        public static let sequenceHeader = Flags(rawValue: 1 << 1)
        /// H.264 video (codec id 7) or AAC audio (sound format 10).
        public static let avcOrAAC = Flags(rawValue: 1 << 2)
        public static let metadata = Flags(rawValue: 1 << 3)
    }

    public init(kind: Kind, timestamp: Int64, payload: SharedBytes) {
        self.kind = kind
        self.timestamp = timestamp
        self.payload = payload
        self.flags = MediaPacket.classify(kind: kind, payload: payload)
    }

    public init(kind: Kind, timestamp: Int64, payload: SharedBytes, flags: Flags) {
        self.kind = kind
        self.timestamp = timestamp
        self.payload = payload
        self.flags = flags
    }

    @inlinable public var isKeyframe: Bool { flags.contains(.keyframe) }
    @inlinable public var isSequenceHeader: Bool { flags.contains(.sequenceHeader) }
    @inlinable public var isAudio: Bool { kind == .audio }
    @inlinable public var isVideo: Bool { kind == .video }
    @inlinable public var isMetadata: Bool { kind == .script }

    /// Reads the FLV audio/video tag header bits (FLV spec E.4.2, E.4.3).
    public static func classify(kind: Kind, payload: SharedBytes) -> Flags {
        var flags: Flags = []
        switch kind {
        case .video:
            guard payload.count >= 1 else { return flags }
            let first = payload[0]
            if first >> 4 == 1 { flags.insert(.keyframe) }
            if first & 0x0F == 7 {
                flags.insert(.avcOrAAC)
                if payload.count >= 2 && payload[1] == 0 { flags.insert(.sequenceHeader) }
            }
        case .audio:
            guard payload.count >= 1 else { return flags }
            if payload[0] >> 4 == 10 {
                flags.insert(.avcOrAAC)
                if payload.count >= 2 && payload[1] == 0 { flags.insert(.sequenceHeader) }
            }
        case .script:
            flags.insert(.metadata)
        }
        return flags
    }
}
