import Codec

/// The codec rule of the audio-only mounts: the stream's audio must be the container's codec
/// (an `.mp3` mount carries MP3, an `.aac` mount AAC). SRS 5's encoders fail on the first audio
/// tag of another codec and drop the connection; here the player gets `415` before any head
/// (see `docs/srs-differences.md`).
struct AudioCodecGate: Equatable, Sendable {
    /// FLV SoundFormat the container carries (`AudioTagHeader.SoundFormat`).
    let soundFormat: UInt8
    /// The container's name in messages, `MP3` / `AAC`.
    let container: String

    /// Start once a real audio frame is queued; refuse when the first audio is of another codec.
    /// Video and metadata never decide anything (they are dropped).
    func start(_ queued: [MediaPacket]) -> MuxerStart {
        for packet in queued where packet.kind == .audio {
            guard let format = Self.soundFormat(of: packet) else { continue }
            if format != soundFormat { return .refuse(reason: mismatch(format)) }
            if !packet.isSequenceHeader { return .start }
        }
        return .wait
    }

    /// Whether a muxer writes `packet`: audio of the container's codec while nothing failed; audio
    /// of another codec sets `failure` (the player is closed), video and metadata are skipped.
    @inline(__always)
    func admits(_ packet: MediaPacket, failure: inout String?) -> Bool {
        guard packet.kind == .audio, failure == nil, let format = Self.soundFormat(of: packet) else { return false }
        guard format == soundFormat else {
            failure = mismatch(format)
            return false
        }
        return true
    }

    /// Why a packet of sound format `format` cannot be carried.
    func mismatch(_ format: UInt8) -> String {
        "the stream's audio is \(Self.name(format)), the mount carries \(container)"
    }

    /// The SoundFormat of an audio packet; nil for an empty tag.
    @inline(__always)
    static func soundFormat(of packet: MediaPacket) -> UInt8? {
        packet.payload.count >= 1 ? packet.payload[0] >> 4 : nil
    }

    /// SRS's codec names (srs_audio_codec_id2str) for the formats players meet.
    static func name(_ format: UInt8) -> String {
        switch format {
        case AudioTagHeader.SoundFormat.aac: return "AAC"
        case AudioTagHeader.SoundFormat.mp3: return "MP3"
        case AudioTagHeader.SoundFormat.speex: return "Speex"
        case AudioTagHeader.SoundFormat.nellymoser, AudioTagHeader.SoundFormat.nellymoser8kMono,
             AudioTagHeader.SoundFormat.nellymoser16kMono: return "Nellymoser"
        case AudioTagHeader.SoundFormat.g711ALaw, AudioTagHeader.SoundFormat.g711MuLaw: return "G.711"
        case AudioTagHeader.SoundFormat.mp38k: return "MP3 8kHz"
        default: return "sound format \(format)"
        }
    }
}
