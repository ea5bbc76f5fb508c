import TestSupport
import Codec
import Testing

@Suite struct ADTSHeaderTests {
    /// The ADTS fields read back bit by bit (ISO 13818-7 §6.2.1).
    struct Fields: Equatable {
        var syncword: Int, id: Int, layer: Int, protectionAbsent: Int, profile: Int, samplingIndex: Int
        var channels: Int, frameLength: Int, fullness: Int, rawBlocks: Int

        init(syncword: Int = 0xFFF, id: Int = 1, layer: Int = 0, protectionAbsent: Int = 1, profile: Int,
             samplingIndex: Int, channels: Int, frameLength: Int, fullness: Int = 0x7FF, rawBlocks: Int = 0) {
            self.syncword = syncword; self.id = id; self.layer = layer; self.protectionAbsent = protectionAbsent
            self.profile = profile; self.samplingIndex = samplingIndex; self.channels = channels
            self.frameLength = frameLength; self.fullness = fullness; self.rawBlocks = rawBlocks
        }

        init(_ header: [UInt8]) {
            var value: UInt64 = 0
            for byte in header { value = value << 8 | UInt64(byte) }
            func field(_ offset: Int, _ width: Int) -> Int { Int(value >> UInt64(56 - offset - width) & (1 << UInt64(width) - 1)) }
            self.init(syncword: field(0, 12), id: field(12, 1), layer: field(13, 2), protectionAbsent: field(15, 1),
                      profile: field(16, 2), samplingIndex: field(18, 4), channels: field(23, 3),
                      frameLength: field(30, 13), fullness: field(43, 11), rawBlocks: field(54, 2))
        }
    }

    private let lcStereo44100 = AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 2)

    @Test func theHeaderMatchesWhatSRSWrites() throws {
        #expect(try ADTSHeader.make(config: lcStereo44100, payloadLength: 100) == [0xFF, 0xF9, 0x50, 0x80, 0x0D, 0x7F, 0xFC])
    }

    @Test(arguments: [0, 1, 7, 8, 255, 2047, 2048, 4096, ADTSHeader.maxPayloadLength])
    func everyFieldReadsBack(payloadLength: Int) throws {
        for channels: UInt8 in [1, 2, 4, 7] {
            let config = AudioSpecificConfig(objectType: 1, samplingFrequencyIndex: 11, channelConfiguration: channels)
            let header = try ADTSHeader.make(config: config, payloadLength: payloadLength)
            #expect(header.count == ADTSHeader.size)
            #expect(Fields(header) == Fields(profile: 0, samplingIndex: 11, channels: Int(channels), frameLength: payloadLength + 7))
        }
    }

    @Test(arguments: [(1, 0), (2, 1), (3, 2), (5, 1), (29, 1), (4, 3), (42, 3)])
    func theProfileFollowsSRSMapping(objectType: Int, profile: Int) throws {
        let config = AudioSpecificConfig(objectType: objectType, samplingFrequencyIndex: 3, channelConfiguration: 2)
        #expect(Fields(try ADTSHeader.make(config: config, payloadLength: 10)).profile == profile)
    }

    @Test func anExplicitFrequencyMapsOnlyWhenItIsInTheTable() throws {
        var bits = BitWriter()
        bits.bits(2, 5); bits.bits(15, 4); bits.bits(44100, 24); bits.bits(2, 4)
        let tableRate = try AudioSpecificConfig(parsing: bits.bytes)
        #expect(Fields(try ADTSHeader.make(config: tableRate, payloadLength: 1)).samplingIndex == 4)
        var odd = BitWriter()
        odd.bits(2, 5); odd.bits(15, 4); odd.bits(44056, 24); odd.bits(2, 4)
        let oddRate = try AudioSpecificConfig(parsing: odd.bytes)
        #expect(throws: CodecError.adtsUnsupportedSampleRate(44056)) { _ = try ADTSHeader.make(config: oddRate, payloadLength: 1) }
    }

    @Test func unrepresentableFramesAreRejected() {
        #expect(throws: CodecError.adtsFrameTooLarge(payloadLength: 8185)) {
            _ = try ADTSHeader.make(config: lcStereo44100, payloadLength: 8185)
        }
        let wide = AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 8)
        #expect(throws: CodecError.adtsUnsupportedChannelConfiguration(8)) { _ = try ADTSHeader.make(config: wide, payloadLength: 1) }
    }

    @Test func appendWritesAfterExistingBytes() throws {
        var bytes: [UInt8] = [0x47]
        try ADTSHeader.append(config: lcStereo44100, payloadLength: 0, to: &bytes)
        #expect(bytes.count == 8 && bytes[1] == 0xFF && bytes[2] == 0xF9)
    }

    @Test func everyRealFrameOfAClipGetsAValidHeader() throws {
        let config = try AudioSpecificConfig(parsing: try #require(AACSamples.audioSpecificConfig(MediaClips.clip720p)))
        let frames = AACSamples.rawFrames(MediaClips.clip720p)
        #expect(frames.count > 900)
        for frame in frames {
            let fields = Fields(try ADTSHeader.make(config: config, payloadLength: frame.count))
            #expect(fields == Fields(profile: 1, samplingIndex: 3, channels: 2, frameLength: frame.count + 7))
        }
    }
}
