import TestSupport
import Codec
import Testing

@Suite struct AudioSpecificConfigTests {
    /// Sample rate and channels as scripts/make-test-media.sh makes them (ffprobe agrees).
    @Test(arguments: [
        (MediaClips.clip720p, 48000, 2), (MediaClips.clip360p, 44100, 2), (MediaClips.aacOnly, 44100, 1),
    ])
    func parsesTheRealConfigOfEachClip(clip: String, sampleRate: Int, channels: Int) throws {
        let bytes = try #require(AACSamples.audioSpecificConfig(clip), "no AAC config in \(clip) (\(MediaClips.directory()))")
        let config = try AudioSpecificConfig(parsing: bytes)
        #expect(config.objectType == AudioSpecificConfig.ObjectType.lc)
        #expect(config.profileName == "LC")
        #expect(config.sampleRate == sampleRate)
        #expect(config.channels == channels)
        #expect(Int(config.channelConfiguration) == channels)
        #expect(config.extensionSampleRate == nil)
    }

    @Test func theTwoByteLCStereo44100ConfigParses() throws {
        let config = try AudioSpecificConfig(parsing: [0x12, 0x10])
        #expect(config == AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: 2))
        #expect(config.flvSoundRate == 3)
    }

    @Test func anEscapedObjectTypeAddsThirtyTwo() throws {
        var bits = BitWriter()
        bits.bits(31, 5); bits.bits(10, 6); bits.bits(3, 4); bits.bits(1, 4)
        let config = try AudioSpecificConfig(parsing: bits.bytes)
        #expect(config.objectType == 42)
        #expect(config.sampleRate == 48000 && config.channels == 1)
        #expect(config.profileName == "Other")
    }

    @Test func anExplicitFrequencyIsRead() throws {
        var bits = BitWriter()
        bits.bits(2, 5); bits.bits(15, 4); bits.bits(44056, 24); bits.bits(2, 4)
        let config = try AudioSpecificConfig(parsing: bits.bytes)
        #expect(config.samplingFrequencyIndex == 15)
        #expect(config.sampleRate == 44056 && config.channelConfiguration == 2)
    }

    @Test(arguments: [(5, "HE"), (29, "HEv2")])
    func explicitSBRSignallingCarriesTheOutputRate(objectType: UInt64, name: String) throws {
        var bits = BitWriter()
        bits.bits(objectType, 5); bits.bits(6, 4); bits.bits(2, 4); bits.bits(3, 4); bits.bits(2, 5)
        let config = try AudioSpecificConfig(parsing: bits.bytes)
        #expect(config.profileName == name)
        #expect(config.sampleRate == 24000)
        #expect(config.extensionSampleRate == 48000)
        #expect(config.flvSoundRate == nil)
    }

    @Test(arguments: [13, 14])
    func reservedSampleRateIndexesAreRejected(index: UInt64) {
        var bits = BitWriter()
        bits.bits(2, 5); bits.bits(index, 4); bits.bits(2, 4)
        #expect(throws: CodecError.aacReservedSampleRateIndex(Int(index))) { _ = try AudioSpecificConfig(parsing: bits.bytes) }
    }

    @Test func everyTruncationThrows() {
        var bits = BitWriter()
        bits.bits(5, 5); bits.bits(15, 4); bits.bits(22050, 24); bits.bits(1, 4); bits.bits(15, 4); bits.bits(44100, 24)
        let bytes = bits.bytes
        #expect(throws: Never.self) { _ = try AudioSpecificConfig(parsing: bytes) }
        for cut in 0..<bytes.count {
            #expect(throws: CodecError.self, "cut at \(cut)") { _ = try AudioSpecificConfig(parsing: bytes[..<cut]) }
        }
    }

    @Test func namesChannelsAndFLVRatesFollowSRS() {
        let names = [1: "Main", 2: "LC", 3: "SSR", 4: "Other", 5: "HE", 29: "HEv2", 0: "Other"]
        for (type, name) in names {
            #expect(AudioSpecificConfig(objectType: type, samplingFrequencyIndex: 4, channelConfiguration: 2).profileName == name)
        }
        let channels: [UInt8: Int] = [0: 0, 1: 1, 2: 2, 6: 6, 7: 8, 8: 0, 15: 0]
        for (configuration, count) in channels {
            #expect(AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: 4, channelConfiguration: configuration).channels == count)
        }
        let rates: [UInt8: UInt8?] = [4: 3, 7: 2, 10: 1, 3: nil, 11: nil]
        for (index, flvRate) in rates {
            #expect(AudioSpecificConfig(objectType: 2, samplingFrequencyIndex: index, channelConfiguration: 2).flvSoundRate == flvRate)
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var random = SplitMix64(seed: 99)
        var parsed = 0
        for _ in 0..<10_000 {
            if (try? AudioSpecificConfig(parsing: random.bytes(Int.random(in: 0...8, using: &random)))) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}
