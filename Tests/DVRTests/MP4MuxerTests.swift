import Codec
import Core
@testable import DVR
import Testing

@Suite struct MP4MuxerTests {
    /// Muxes `packets` and applies the close patches, as the recorder does.
    static func file(_ packets: [MediaPacket]) throws -> [UInt8] {
        var muxer = MP4Muxer(wallMillis: 1_700_000_000_000)
        var bytes: [UInt8] = []
        muxer.start(into: &bytes)
        for packet in packets { try muxer.write(packet, into: &bytes) }
        for patch in muxer.finish(durationMillis: 0, into: &bytes) {
            let start = Int(patch.offset)
            bytes.replaceSubrange(start..<(start + patch.bytes.count), with: patch.bytes)
        }
        #expect(Int64(bytes.count) == muxer.offset)
        return bytes
    }

    static func headers(video: Bool = true, audio: Bool = true) -> [MediaPacket] {
        (video ? [DVRPackets.videoSequenceHeader()] : []) + (audio ? [DVRPackets.audioSequenceHeader()] : [])
    }

    static func trak(_ boxes: [MP4Box], handler: String) throws -> MP4Box {
        let moov = try #require(boxes.first("moov"))
        return try #require(moov.all("trak").first { trak in
            guard let hdlr = trak.find("mdia/hdlr") else { return false }
            return String(decoding: hdlr.body.dropFirst(8).prefix(4), as: UTF8.self) == handler
        })
    }

    @Test func layoutIsFtypFreeMdatThenMoov() throws {
        let boxes = try MP4Box.parse(Self.file(Self.headers() + DVRPackets.stream(from: 0, to: 2000)))
        #expect(boxes.map(\.type) == ["ftyp", "free", "mdat", "moov"])
        #expect(boxes[0].body.prefix(4).elementsEqual(Array("isom".utf8)))
        let moov = try #require(boxes.first("moov"))
        #expect(moov.description == "moov(mvhd "
            + "trak(tkhd mdia(mdhd hdlr minf(vmhd dinf(dref(url )) stbl(stsd(avc1(avcC)) stts stss stsc stsz stco)))) "
            + "trak(tkhd mdia(mdhd hdlr minf(smhd dinf(dref(url )) stbl(stsd(mp4a(esds)) stts stsc stsz stco)))))")
    }

    @Test func sampleTablesCountFramesKeyframesAndDurations() throws {
        let boxes = try MP4Box.parse(Self.file(Self.headers() + DVRPackets.stream(from: 0, to: 2000)))
        let video = try Self.trak(boxes, handler: "vide")
        let stbl = try #require(video.find("mdia/minf/stbl"))
        // 50 frames every 40 ms, keyframes at 0 and 1000 ms (samples 1 and 26).
        #expect(try #require(stbl.find("stsz")).u32(at: 4) == 50)
        #expect(try #require(stbl.find("stss")).table(width: 1) == [[1], [26]])
        #expect(try #require(stbl.find("stts")).table(width: 2) == [[50, 40]])
        #expect(try #require(video.find("mdia/mdhd")).u32(at: 12) == 2000)
        #expect(try #require(video.find("mdia/mdhd")).u32(at: 8) == 1000)

        let audio = try Self.trak(boxes, handler: "soun")
        let astbl = try #require(audio.find("mdia/minf/stbl"))
        #expect(try #require(astbl.find("stsz")).u32(at: 4) == 87)
        #expect(astbl.find("stss") == nil)
        #expect(try #require(astbl.find("stts")).table(width: 2) == [[87, 23]])
        #expect(try #require(boxes.first("moov")?.find("mvhd")).u32(at: 12) == 2001)
    }

    @Test func chunkOffsetsPointAtEachSampleBytes() throws {
        let packets = Self.headers() + DVRPackets.stream(from: 0, to: 500)
        let bytes = try Self.file(packets)
        let boxes = try MP4Box.parse(bytes)
        for (handler, kind, skip) in [("vide", MediaPacket.Kind.video, 5), ("soun", .audio, 2)] {
            let stbl = try #require(try Self.trak(boxes, handler: handler).find("mdia/minf/stbl"))
            let sizes = try #require(stbl.find("stsz")).table(width: 1, countAt: 4).map { Int($0[0]) }
            let offsets = try #require(stbl.find("stco")).table(width: 1).map { Int($0[0]) }
            let perChunk = try #require(stbl.find("stsc")).table(width: 3)
            // Expand stsc into the chunk of every sample, then each sample's offset.
            var sampleOffsets: [Int] = []
            for (chunk, offset) in offsets.enumerated() {
                let run = perChunk.last { Int($0[0]) <= chunk + 1 }!
                var position = offset
                for _ in 0..<Int(run[1]) {
                    sampleOffsets.append(position)
                    position += sizes[sampleOffsets.count - 1]
                }
            }
            let frames = packets.filter { $0.kind == kind && !$0.isSequenceHeader }
            #expect(sampleOffsets.count == frames.count)
            for (frame, offset) in zip(frames, sampleOffsets) {
                #expect(Array(bytes[offset..<(offset + frame.payload.count - skip)]) == Array(frame.payload.array.dropFirst(skip)))
            }
        }
    }

    @Test func compositionTimesBecomeCtts() throws {
        let packets = [DVRPackets.videoSequenceHeader(), DVRPackets.video(0, keyframe: true, cts: 80),
                       DVRPackets.video(40, keyframe: false, cts: 120), DVRPackets.video(80, keyframe: false, cts: 0),
                       DVRPackets.video(120, keyframe: false, cts: 0)]
        let stbl = try #require(try Self.trak(MP4Box.parse(Self.file(packets)), handler: "vide").find("mdia/minf/stbl"))
        let ctts = try #require(stbl.find("ctts"))
        #expect(ctts.version == 0)
        #expect(ctts.table(width: 2) == [[1, 80], [1, 120], [2, 0]])
    }

    @Test func negativeCompositionTimesUseSignedCtts() throws {
        let packets = [DVRPackets.videoSequenceHeader(), DVRPackets.video(0, keyframe: true, cts: -40)]
        let stbl = try #require(try Self.trak(MP4Box.parse(Self.file(packets)), handler: "vide").find("mdia/minf/stbl"))
        let ctts = try #require(stbl.find("ctts"))
        #expect(ctts.version == 1 && Int32(bitPattern: ctts.table(width: 2)[0][1]) == -40)
    }

    @Test func sampleEntriesCarryAvcCAndTheAudioSpecificConfig() throws {
        let boxes = try MP4Box.parse(Self.file(Self.headers() + DVRPackets.stream(from: 0, to: 100)))
        let avc1 = try #require(try Self.trak(boxes, handler: "vide").find("mdia/minf/stbl/stsd/avc1"))
        #expect(Array(try #require(avc1.find("avcC")).body) == DVRPackets.avcConfig)
        // The test SPS is cut short: the picture size is left 0×0 and the file still records
        // (players read the size from the SPS in avcC).
        #expect(avc1.u16(at: 24, full: false) == 0 && avc1.u16(at: 26, full: false) == 0)

        let mp4a = try #require(try Self.trak(boxes, handler: "soun").find("mdia/minf/stbl/stsd/mp4a"))
        #expect(mp4a.u16(at: 16, full: false) == 2) // channelcount
        #expect(mp4a.u32(at: 24, full: false) == 44100 << 16)
        let esds = Array(try #require(mp4a.find("esds")).body)
        // ES_Descriptor > DecoderConfigDescriptor (MPEG-4 audio) > DecoderSpecificInfo = the ASC.
        #expect(esds.starts(with: [0, 0, 0, 0, 0x03]))
        let decoderSpecificInfo: [UInt8] = [0x05, UInt8(DVRPackets.audioConfig.count)] + DVRPackets.audioConfig
        #expect(esds.firstRange(of: decoderSpecificInfo) != nil)
        #expect(esds.firstRange(of: [0x04, 0x11, 0x40, 0x15]) != nil)
    }

    @Test(arguments: [true, false])
    func recordsASingleTrack(video: Bool) throws {
        let packets = Self.headers(video: video, audio: !video) + DVRPackets.stream(from: 0, to: 1000, video: video, audio: !video)
        let moov = try #require(try MP4Box.parse(Self.file(packets)).first("moov"))
        #expect(moov.all("trak").count == 1)
        #expect(moov.find("trak/mdia/minf/" + (video ? "vmhd" : "smhd")) != nil)
        #expect(try #require(moov.find("trak/tkhd")).u32(at: 8) == 1) // track_ID
    }

    @Test func aTrackStartingLaterGetsAnEmptyEdit() throws {
        let packets = Self.headers() + [DVRPackets.video(0, keyframe: true), DVRPackets.video(40, keyframe: false),
                                        DVRPackets.audio(30), DVRPackets.audio(53)]
        let boxes = try MP4Box.parse(Self.file(packets))
        #expect(try Self.trak(boxes, handler: "vide").find("edts") == nil)
        let elst = try #require(try Self.trak(boxes, handler: "soun").find("edts/elst"))
        #expect(elst.u32(at: 0) == 2)
        #expect(elst.u32(at: 4) == 30 && elst.u32(at: 8) == UInt32.max) // empty edit, media_time -1
        #expect(elst.u32(at: 16) == 46 && elst.u32(at: 20) == 0)
    }

    @Test func aChangedSequenceHeaderNeedsANewFileOnceSamplesAreIn() throws {
        var muxer = MP4Muxer(wallMillis: 0)
        var bytes: [UInt8] = []
        muxer.start(into: &bytes)
        var other = DVRPackets.avcConfig
        other[3] = 0x28 // level 4.0
        try muxer.write(DVRPackets.videoSequenceHeader(), into: &bytes)
        #expect(!muxer.needsNewFile(for: DVRPackets.videoSequenceHeader(other)))
        try muxer.write(DVRPackets.video(0, keyframe: true), into: &bytes)
        #expect(!muxer.needsNewFile(for: DVRPackets.videoSequenceHeader()))
        #expect(muxer.needsNewFile(for: DVRPackets.videoSequenceHeader(other)))
        #expect(!muxer.needsNewFile(for: DVRPackets.audioSequenceHeader()))
    }

    @Test func refusesWhatMP4CannotDescribe() throws {
        var muxer = MP4Muxer(wallMillis: 0)
        var bytes: [UInt8] = []
        muxer.start(into: &bytes)
        let h263 = MediaPacket(kind: .video, timestamp: 0, payload: SharedBytes([0x12, 0, 0, 0]))
        let mp3 = MediaPacket(kind: .audio, timestamp: 0, payload: SharedBytes([0x2F, 0xFF, 0xFB]))
        #expect(throws: DVRError.unsupportedCodec(kind: "video", id: 2)) { try muxer.write(h263, into: &bytes) }
        #expect(throws: DVRError.unsupportedCodec(kind: "audio", id: 2)) { try muxer.write(mp3, into: &bytes) }
        #expect(throws: DVRError.frameBeforeSequenceHeader(kind: "video")) {
            try muxer.write(DVRPackets.video(0, keyframe: true), into: &bytes)
        }
        #expect(!muxer.hasMedia)
    }
}
