import Codec
import Testing

@Suite struct ADTSFrameHeaderTests {
    private func stamp(_ header: ADTSFrameHeader, _ length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        header.append(payloadLength: length, to: &bytes)
        return bytes
    }

    /// ASCs as FLV sequence headers carry them (after `af 00`): fields read back from the header.
    @Test(arguments: [
        ([0x12, 0x10] as [UInt8], 1, 4, 2),  // LC 44100 stereo
        ([0x11, 0x88], 1, 3, 1),  // LC 48000 mono
        ([0x13, 0x90], 1, 7, 2),  // LC 22050 stereo
        ([0x2B, 0x92, 0x08, 0x00], 1, 7, 2),  // HE-AAC (5): SRS signals LC, core rate 22050
        ([0x0A, 0x10], 0, 4, 2),  // Main 44100 stereo
    ])
    func fieldsComeFromTheAudioSpecificConfig(asc: [UInt8], profile: Int, samplingIndex: Int, channels: Int) throws {
        let header = try ADTSFrameHeader(config: try AudioSpecificConfig(parsing: asc))
        for length in [0, 1, 200, 2047, ADTSHeader.maxPayloadLength] {
            let fields = ADTSHeaderTests.Fields(stamp(header, length))
            #expect(fields == ADTSHeaderTests.Fields(profile: profile, samplingIndex: samplingIndex, channels: channels,
                                                     frameLength: length + 7))
        }
    }

    @Test func stampsTheSameBytesAsADTSHeader() throws {
        let config = AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 2)
        let header = try ADTSFrameHeader(config: config)
        for length in [0, 100, 8184] {
            #expect(stamp(header, length) == (try ADTSHeader.make(config: config, payloadLength: length)))
        }
        var pointerBytes = [UInt8](repeating: 0xEE, count: 9)
        pointerBytes.withUnsafeMutableBytes { header.write(payloadLength: 100, into: $0.baseAddress! + 1) }
        #expect(Array(pointerBytes[1..<8]) == [0xFF, 0xF9, 0x50, 0x80, 0x0D, 0x7F, 0xFC])
        #expect(pointerBytes[0] == 0xEE && pointerBytes[8] == 0xEE, "exactly 7 bytes written")
    }

    @Test func lengthsThatFitThe13BitField() {
        #expect(ADTSFrameHeader.fits(payloadLength: 0))
        #expect(ADTSFrameHeader.fits(payloadLength: 8184))
        #expect(!ADTSFrameHeader.fits(payloadLength: 8185))
        #expect(!ADTSFrameHeader.fits(payloadLength: -1))
    }

    @Test func configsADTSCannotSignalAreRefused() {
        var explicitRate = AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 15, channelConfiguration: 2)
        explicitRate.sampleRate = 44056
        #expect(throws: CodecError.adtsUnsupportedSampleRate(44056)) { _ = try ADTSFrameHeader(config: explicitRate) }
        let channels = AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 8)
        #expect(throws: CodecError.adtsUnsupportedChannelConfiguration(8)) { _ = try ADTSFrameHeader(config: channels) }
    }
}
