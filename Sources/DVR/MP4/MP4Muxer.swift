import Codec
import Core

/// An ISO-BMFF file (ISO/IEC 14496-12, 14496-14, 14496-15) of H.264 and AAC from FLV packets:
/// audio and video, audio only, or video only.
///
/// Layout: moov at the end. `ftyp`, an 8-byte `free`, then `mdat` whose samples are written as
/// they arrive (AVCC NAL units and raw AAC frames, exactly the FLV tag bodies after their
/// headers); at close the `moov` follows with the sample tables (stts, ctts from the AVC
/// composition times, stss, stsc, stsz, stco or co64), and the mdat size is patched. An mdat
/// over 4 GiB takes the `free` box's place for its 64-bit size, so no sample moves. The file is
/// valid and seekable once closed; until then (the `.tmp`) it has no index. Timescale 1000.
public struct MP4Muxer: DVRMuxer {
    public private(set) var offset: Int64 = 0
    var video: MP4Track?
    var audio: MP4Track?
    /// The track whose sample ended the mdat so far (a sample of the same track joins its chunk).
    private var lastWritten: MP4Track.Kind?
    /// Where the `free` box starts; the mdat header follows it.
    private var freeOffset: Int64 = 0
    /// Seconds since 1904-01-01 UTC (mvhd/tkhd/mdhd creation and modification times).
    let creationTime: UInt32

    /// Seconds from 1904-01-01 to 1970-01-01.
    static let epochOffset: Int64 = 2_082_844_800
    static let timescale: UInt32 = 1000
    static let mdatHeaderSize: Int64 = 8

    /// `wallMillis`: when the file is opened (its creation time).
    public init(wallMillis: Int64) {
        creationTime = UInt32(clamping: wallMillis / 1000 + Self.epochOffset)
    }

    public var hasMedia: Bool { !(video?.isEmpty ?? true) || !(audio?.isEmpty ?? true) }

    public mutating func start(into bytes: inout [UInt8]) {
        var writer = MP4BoxWriter()
        writer.box("ftyp") { ftyp in
            ftyp.fourCC("isom")
            ftyp.u32(512)
            for brand in ["isom", "iso2", "avc1", "mp41"] { ftyp.fourCC(brand) }
        }
        freeOffset = Int64(writer.bytes.count)
        writer.box("free") { _ in }
        writer.u32(0) // mdat size, patched at close
        writer.fourCC("mdat")
        bytes.append(contentsOf: writer.bytes)
        offset += Int64(writer.bytes.count)
    }

    public func needsNewFile(for packet: MediaPacket) -> Bool {
        guard packet.isSequenceHeader, packet.flags.contains(.avcOrAAC) else { return false }
        // A header that does not parse is reported (and skipped) by `write`.
        switch packet.kind {
        case .video:
            guard let track = video, !track.isEmpty, let entry = try? Self.videoEntry(packet) else { return false }
            return track.entry != entry
        case .audio:
            guard let track = audio, !track.isEmpty, let entry = try? Self.audioEntry(packet) else { return false }
            return track.entry != entry
        case .script:
            return false
        }
    }

    public mutating func write(_ packet: MediaPacket, into bytes: inout [UInt8]) throws(DVRError) {
        switch packet.kind {
        case .script: return
        case .video: try writeVideo(packet, into: &bytes)
        case .audio: try writeAudio(packet, into: &bytes)
        }
    }

    public mutating func finish(durationMillis: Int64, into bytes: inout [UInt8]) -> [DVRPatch] {
        let mdatSize = offset - freeOffset - Self.mdatHeaderSize
        let moov = moovBox()
        bytes.append(contentsOf: moov)
        offset += Int64(moov.count)
        var header: [UInt8] = []
        if mdatSize <= Int64(UInt32.max) {
            header.appendUInt32(UInt32(mdatSize))
            header.append(contentsOf: Array("mdat".utf8))
            return [DVRPatch(offset: freeOffset + Self.mdatHeaderSize, bytes: header)]
        }
        // §4.2 largesize: size 1, type, 64-bit size, written over `free` + the mdat header.
        header.appendUInt32(1)
        header.append(contentsOf: Array("mdat".utf8))
        header.appendUInt64(UInt64(mdatSize + Self.mdatHeaderSize))
        return [DVRPatch(offset: freeOffset, bytes: header)]
    }

    // MARK: samples

    private mutating func writeVideo(_ packet: MediaPacket, into bytes: inout [UInt8]) throws(DVRError) {
        let header: VideoTagHeader
        do {
            header = try VideoTagHeader(parsing: packet.payload.bytes)
        } catch {
            throw .badFrame(error)
        }
        guard header.isAVC else { throw .unsupportedCodec(kind: "video", id: header.codecID) }
        guard header.frameType != VideoTagHeader.FrameType.videoInfoOrCommand else { return }
        switch header.avcPacketType {
        case VideoTagHeader.AVCPacketType.sequenceHeader:
            let entry = try Self.videoEntry(packet)
            if video == nil { video = MP4Track(kind: .video, id: nextTrackID, entry: entry) } else { video?.entry = entry }
        case VideoTagHeader.AVCPacketType.nalu:
            guard video != nil else { throw .frameBeforeSequenceHeader(kind: "video") }
            appendSample(.video, packet, skip: header.size, compositionOffset: header.compositionTime,
                         isSync: header.isKeyframe, into: &bytes)
        default:
            return // end of sequence: nothing to record
        }
    }

    private mutating func writeAudio(_ packet: MediaPacket, into bytes: inout [UInt8]) throws(DVRError) {
        let header: AudioTagHeader
        do {
            header = try AudioTagHeader(parsing: packet.payload.bytes)
        } catch {
            throw .badFrame(error)
        }
        guard header.isAAC else { throw .unsupportedCodec(kind: "audio", id: header.soundFormat) }
        if header.isSequenceHeader {
            let entry = try Self.audioEntry(packet)
            if audio == nil { audio = MP4Track(kind: .audio, id: nextTrackID, entry: entry) } else { audio?.entry = entry }
            return
        }
        guard audio != nil else { throw .frameBeforeSequenceHeader(kind: "audio") }
        appendSample(.audio, packet, skip: header.size, compositionOffset: 0, isSync: true, into: &bytes)
    }

    /// Appends the tag body after its `skip`-byte header to the mdat and indexes it.
    private mutating func appendSample(_ kind: MP4Track.Kind, _ packet: MediaPacket, skip: Int, compositionOffset: Int32,
                                       isSync: Bool, into bytes: inout [UInt8]) {
        let size = packet.payload.count - skip
        guard size > 0 else { return }
        let continues = lastWritten == kind
        let dts = max(0, packet.timestamp)
        switch kind {
        case .video:
            video?.append(size: size, dts: dts, compositionOffset: compositionOffset, isSync: isSync, fileOffset: offset,
                          continuesChunk: continues)
        case .audio:
            audio?.append(size: size, dts: dts, compositionOffset: 0, isSync: true, fileOffset: offset,
                          continuesChunk: continues)
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: packet.payload.bytes[skip...]))
        offset += Int64(size)
        lastWritten = kind
    }

    /// Track ids in order of the first sequence header.
    private var nextTrackID: UInt32 { UInt32((video == nil ? 0 : 1) + (audio == nil ? 0 : 1) + 1) }

    /// The avc1 entry of an AVC sequence header (its body after the 5-byte tag header).
    static func videoEntry(_ packet: MediaPacket) throws(DVRError) -> MP4SampleEntry {
        do {
            return try .avc(parsing: body(of: packet, after: 5))
        } catch {
            throw .badFrame(error)
        }
    }

    /// The mp4a entry of an AAC sequence header (its body after the 2-byte tag header).
    static func audioEntry(_ packet: MediaPacket) throws(DVRError) -> MP4SampleEntry {
        do {
            return try .aac(parsing: body(of: packet, after: 2))
        } catch {
            throw .badFrame(error)
        }
    }

    private static func body(of packet: MediaPacket, after skip: Int) throws(CodecError) -> [UInt8] {
        guard packet.payload.count > skip else {
            throw .truncated(context: "flv sequence header", offset: 0, needed: skip + 1, available: packet.payload.count)
        }
        return packet.payload.array(skip..<packet.payload.count)
    }
}
