import Codec

/// The last metadata and sequence headers of a source, replayed to every new consumer.
public struct MetaCache {
    public private(set) var metadata: MediaPacket?
    public private(set) var videoSequenceHeader: MediaPacket?
    public private(set) var audioSequenceHeader: MediaPacket?

    public init() {}

    public mutating func update(_ packet: MediaPacket) {
        switch packet.kind {
        case .script: metadata = packet
        case .video: if packet.isSequenceHeader { videoSequenceHeader = packet }
        case .audio: if packet.isSequenceHeader { audioSequenceHeader = packet }
        }
    }

    /// Whether `packet` (metadata or a sequence header) has the same bytes as the cached one.
    public func repeats(_ packet: MediaPacket) -> Bool {
        let cached: MediaPacket?
        switch packet.kind {
        case .script: cached = metadata
        case .video: cached = videoSequenceHeader
        case .audio: cached = audioSequenceHeader
        }
        guard let cached, cached.payload.count == packet.payload.count else { return false }
        return cached.payload.bytes.elementsEqual(packet.payload.bytes)
    }

    /// Forgets metadata at publish (SRS clears it; sequence headers are replaced by the new ones).
    public mutating func clearMetadata() { metadata = nil }

    public mutating func clear() { self = MetaCache() }

    /// What a new consumer receives first: metadata, audio SH (not for MP3), video SH.
    public var dump: [MediaPacket] {
        var out: [MediaPacket] = []
        if let metadata { out.append(metadata) }
        if let audioSequenceHeader { out.append(audioSequenceHeader) }
        if let videoSequenceHeader { out.append(videoSequenceHeader) }
        return out
    }
}
