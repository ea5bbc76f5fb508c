import TestSupport
import Codec
import Testing

@Suite struct AVCAnnexBTests {
    static let sps: [UInt8] = [0x67, 0x42, 0xC0, 0x1E]
    static let pps: [UInt8] = [0x68, 0xCE, 0x3C, 0x80]
    static let config = AVCDecoderConfigurationRecord(
        profileIndication: 0x42, profileCompatibility: 0xC0, levelIndication: 0x1E,
        sequenceParameterSets: [sps], pictureParameterSets: [pps])

    static let idr: [UInt8] = [0x65, 0x88, 0x84]
    static let slice: [UInt8] = [0x41, 0x9A, 0x02]
    static let sei: [UInt8] = [0x06, 0x05, 0x01]
    static let aud: [UInt8] = [0x09, 0x10]

    /// An AVCC frame with `size`-byte length prefixes.
    static func avcc(_ nalus: [[UInt8]], size: Int = 4) -> [UInt8] {
        var out: [UInt8] = []
        for nalu in nalus {
            for shift in stride(from: (size - 1) * 8, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: nalu.count >> shift)) }
            out += nalu
        }
        return out
    }

    static let long: [UInt8] = [0, 0, 0, 1]
    static let short: [UInt8] = [0, 0, 1]
    static let insertedAUD: [UInt8] = long + [0x09, 0xF0]

    @Test(arguments: [
        // A P-slice: AUD first (4-byte code), then the slice with a 3-byte code.
        ([slice], insertedAUD + short + slice),
        // An IDR gets the sequence header's SPS and PPS (4-byte codes) before it.
        ([idr], insertedAUD + long + sps + long + pps + short + idr),
        // SEI then IDR: parameter sets go right before the IDR slice.
        ([sei, idr], insertedAUD + short + sei + long + sps + long + pps + short + idr),
        // The frame carries its own SPS/PPS: nothing is inserted.
        ([sps, pps, idr], insertedAUD + short + sps + short + pps + short + idr),
        // The frame has an AUD: none is added and it takes the 4-byte code.
        ([aud, slice], long + aud + short + slice),
        ([aud, idr], long + aud + long + sps + long + pps + short + idr),
        // Parameter sets only once, before the first of several IDR slices.
        ([idr, idr], insertedAUD + long + sps + long + pps + short + idr + short + idr),
        // Empty NAL units are skipped.
        ([slice, [], slice], insertedAUD + short + slice + short + slice),
    ])
    func convertsAVCCToAnnexB(nalus: [[UInt8]], expected: [UInt8]) throws {
        #expect(try AVCAnnexB.convert(avcc: Self.avcc(nalus), config: Self.config) == expected)
    }

    @Test(arguments: [1, 2, 4])
    func honoursTheNALULengthSizeOfTheDecoderConfiguration(size: Int) throws {
        var config = Self.config
        config.naluLengthSize = size
        let frame = Self.avcc([Self.sei, Self.slice], size: size)
        #expect(try AVCAnnexB.convert(avcc: frame, config: config) == Self.insertedAUD + Self.short + Self.sei + Self.short + Self.slice)
    }

    @Test func rejectsALengthThatRunsPastTheEnd() {
        let frame: [UInt8] = [0, 0, 0, 9, 0x41, 0x9A]
        #expect(throws: CodecError.avcNALULengthPastEnd(offset: 0, length: 9, available: 2)) {
            try AVCAnnexB.convert(avcc: frame, config: Self.config)
        }
    }

    @Test func rejectsATruncatedLengthPrefix() {
        let frame = Self.avcc([Self.slice]) + [0, 0]
        #expect(throws: CodecError.truncated(context: "avc nalu length", offset: 7, needed: 4, available: 2)) {
            try AVCAnnexB.convert(avcc: frame, config: Self.config)
        }
    }

    @Test func rejectsFramesWithoutNALUnits() {
        #expect(throws: CodecError.avcEmptyFrame) { try AVCAnnexB.convert(avcc: [], config: Self.config) }
        #expect(throws: CodecError.avcEmptyFrame) { try AVCAnnexB.convert(avcc: [0, 0, 0, 0], config: Self.config) }
    }

    @Test func everyTruncationOfAFrameIsRejectedOrYieldsFewerNALUnits() {
        let frame = Self.avcc([Self.sei, Self.idr, Self.slice])
        for cut in 0..<frame.count {
            let prefix = Array(frame[..<cut])
            var ranges: [Range<Int>] = []
            let result = prefix.withUnsafeBytes { raw in
                Result { () throws(CodecError) in try AVCAnnexB.splitAVCC(raw, lengthSize: 4, into: &ranges) }
            }
            switch result {
            case .success: #expect(ranges.count < 3 && ranges.allSatisfy { $0.upperBound <= cut }, "cut \(cut)")
            case .failure: break
            }
        }
    }

    @Test func splitsAnnexBInputAtThreeAndFourByteStartCodes() throws {
        let frame: [UInt8] = Self.long + Self.sps + Self.short + Self.pps + [0] + Self.long + Self.idr
        var ranges: [Range<Int>] = []
        try frame.withUnsafeBytes { raw in
            #expect(AVCAnnexB.startsWithStartCode(raw))
            try AVCAnnexB.splitAnnexB(raw, into: &ranges)
        }
        #expect(ranges.map { Array(frame[$0]) } == [Self.sps, Self.pps, Self.idr])
    }

    @Test func randomBytesNeverCrashTheSplitters() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bytes = random.bytes(Int.random(in: 0..<64, using: &random))
            var ranges: [Range<Int>] = []
            bytes.withUnsafeBytes { raw in
                for size in [1, 2, 4] {
                    if (try? AVCAnnexB.splitAVCC(raw, lengthSize: size, into: &ranges)) != nil {
                        #expect(ranges.allSatisfy { $0.upperBound <= raw.count && !$0.isEmpty })
                    }
                }
                if (try? AVCAnnexB.splitAnnexB(raw, into: &ranges)) != nil {
                    #expect(ranges.allSatisfy { $0.upperBound <= raw.count && !$0.isEmpty })
                }
            }
        }
    }
}
