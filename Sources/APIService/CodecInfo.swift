import API
import Codec
import Core

/// The API's `video` / `audio` objects of a stream, parsed from its sequence headers and
/// cached per header buffer (a header is parsed once, not per request).
struct CodecInfo {
    private var videoKey: ObjectIdentifier?
    private var parsedSPS = true
    private var audioKey: ObjectIdentifier?
    private(set) var video: StreamSnapshot.Video?
    private(set) var audio: StreamSnapshot.Audio?

    mutating func update(videoHeader: MediaPacket?, audioHeader: MediaPacket?, parseSPS: Bool = true) {
        if let header = videoHeader, ObjectIdentifier(header.payload) != videoKey || parseSPS != parsedSPS {
            videoKey = ObjectIdentifier(header.payload)
            parsedSPS = parseSPS
            video = CodecInfo.parseVideo(header.payload, parseSPS: parseSPS)
        }
        if let header = audioHeader, ObjectIdentifier(header.payload) != audioKey {
            audioKey = ObjectIdentifier(header.payload)
            audio = CodecInfo.parseAudio(header.payload)
        }
    }

    /// AVC: profile and level names (from avcC) and the picture size from the first SPS (corrupt,
    /// or `parse_sps off` → sizes 0).
    static func parseVideo(_ payload: SharedBytes, parseSPS: Bool = true) -> StreamSnapshot.Video? {
        let body = payload.bytes
        guard body.count > 5, body[0] & 0x0F == 7 else { return StreamSnapshot.Video(codec: "Other", profile: "Other", level: "Other", width: 0, height: 0) }
        guard let record = try? AVCDecoderConfigurationRecord(parsing: body[5...]) else {
            return StreamSnapshot.Video(codec: "H264", profile: "Other", level: "Other", width: 0, height: 0)
        }
        let sps = parseSPS ? try? record.firstSPS() : nil
        return StreamSnapshot.Video(codec: "H264", profile: record.profileName, level: record.levelName,
                                    width: Int64(sps?.width ?? 0), height: Int64(sps?.height ?? 0))
    }

    /// AAC: SRS reports the FLV tag's sample rate and channels, and the profile from the ASC.
    static func parseAudio(_ payload: SharedBytes) -> StreamSnapshot.Audio? {
        let body = payload.bytes
        guard let header = try? AudioTagHeader(parsing: body) else { return nil }
        let codec: String
        switch header.soundFormat {
        case 10: codec = "AAC"
        case 2: codec = "MP3"
        case 13: codec = "Opus"
        default: codec = "Other"
        }
        var profile = "Other"
        if header.isAAC, body.count > 2, let config = try? AudioSpecificConfig(parsing: body[2...]) {
            profile = config.profileName
        }
        return StreamSnapshot.Audio(codec: codec, sampleRate: Int64(header.sampleRate),
                                    channel: Int64(header.soundType) + 1, profile: profile)
    }
}
