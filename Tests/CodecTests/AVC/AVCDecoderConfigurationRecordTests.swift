import TestSupport
import Codec
import Testing

@Suite struct AVCDecoderConfigurationRecordTests {
    /// Profile, level and size as scripts/make-test-media.sh makes them (ffprobe agrees).
    @Test(arguments: [
        (MediaClips.clip720p, "High", "3.1", 1280, 720),
        (MediaClips.clip360p, "Main", "3", 640, 360),
        (MediaClips.clip240p, "High", "1.2", 320, 240),
    ])
    func parsesTheRealSequenceHeaderOfEachClip(clip: String, profile: String, level: String, width: Int, height: Int) throws {
        let bytes = try #require(AVCSamples.avcC(clip), "no avcC in \(clip) (\(MediaClips.directory()))")
        let record = try AVCDecoderConfigurationRecord(parsing: bytes)
        #expect(record.configurationVersion == 1)
        #expect(record.naluLengthSize == 4)
        #expect(record.sequenceParameterSets.count == 1)
        #expect(record.pictureParameterSets.count == 1)
        #expect(record.profileName == profile)
        #expect(record.levelName == level)
        let sps = try record.firstSPS()
        #expect(sps.width == width)
        #expect(sps.height == height)
        #expect(sps.profileIDC == record.profileIndication)
        #expect(sps.levelIDC == record.levelIndication)
        #expect(sps.profileName == profile && sps.levelName == level)
        // The encoded core is a prefix of the original (ffmpeg may append the high-profile extension).
        #expect(Array(bytes.prefix(record.encoded().count)) == record.encoded())
    }

    @Test(arguments: [MediaClips.clip720p, MediaClips.clip360p, MediaClips.clip240p])
    func everyTruncationOfTheRecordThrows(clip: String) throws {
        let bytes = try #require(AVCSamples.avcC(clip))
        let core = try AVCDecoderConfigurationRecord(parsing: bytes).encoded().count
        for cut in 0..<core {
            #expect(throws: CodecError.self, "cut at \(cut)") {
                _ = try AVCDecoderConfigurationRecord(parsing: bytes[..<cut])
            }
        }
        let full = try AVCDecoderConfigurationRecord(parsing: bytes)
        for cut in core...bytes.count {
            #expect(try AVCDecoderConfigurationRecord(parsing: bytes[..<cut]) == full)
        }
    }

    @Test func roundTripsThroughEncoded() throws {
        let record = AVCDecoderConfigurationRecord(
            profileIndication: 77, profileCompatibility: 0x40, levelIndication: 30, naluLengthSize: 2,
            sequenceParameterSets: [AVCSamples.sps(.init()), [0x67, 0x01]], pictureParameterSets: [[0x68, 0xCE, 0x3C, 0x80]])
        #expect(try AVCDecoderConfigurationRecord(parsing: record.encoded()) == record)
    }

    @Test func threeByteNALULengthsAreRejected() {
        #expect(throws: CodecError.avcUnsupportedNALULengthSize(3)) {
            _ = try AVCDecoderConfigurationRecord(parsing: [0x01, 0x42, 0x00, 0x1E, 0xFE, 0xE0, 0x00])
        }
    }

    @Test func aRecordWithoutSPSHasNoPictureSize() throws {
        let record = try AVCDecoderConfigurationRecord(parsing: [0x01, 0x42, 0x00, 0x1E, 0xFF, 0xE0, 0x00])
        #expect(record.sequenceParameterSets.isEmpty)
        #expect(throws: CodecError.avcMissingSPS) { _ = try record.firstSPS() }
    }

    @Test func randomBytesNeverCrashTheParser() throws {
        var random = SplitMix64(seed: 0xC0FFEE)
        let real = try #require(AVCSamples.avcC(MediaClips.clip720p))
        var parsed = 0
        for round in 0..<5_000 {
            var bytes = random.bytes(Int.random(in: 0...64, using: &random))
            if round.isMultiple(of: 2) {
                // Mutate the real record so parsing reaches deep into the SPS.
                bytes = real
                for _ in 0..<(1 + round % 4) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            if let record = try? AVCDecoderConfigurationRecord(parsing: bytes), (try? record.firstSPS()) != nil {
                parsed += 1
            }
        }
        #expect(parsed > 0)
    }
}
