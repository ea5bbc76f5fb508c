import TestSupport
import Codec
import Testing

@Suite struct AVCSequenceParameterSetTests {
    typealias Fields = AVCSamples.SPSFields

    @Test func croppingTurns1088Into1080() throws {
        let sps = try AVCSequenceParameterSet(parsing: AVCSamples.sps(Fields()))
        #expect(sps.profileIDC == 66 && sps.levelIDC == 40 && sps.chromaFormatIDC == 1)
        #expect(sps.width == 1920 && sps.height == 1080)
        #expect(sps.profileName == "Baseline" && sps.levelName == "4")
    }

    @Test func withoutCroppingTheSizeIsWholeMacroblocks() throws {
        let sps = try AVCSequenceParameterSet(parsing: AVCSamples.sps(Fields(widthInMBs: 40, heightInMapUnits: 30, crop: nil)))
        #expect(sps.width == 640 && sps.height == 480)
    }

    @Test func fieldCodingDoublesTheMapUnitsAndTheVerticalCropUnit() throws {
        // 1920x1080i: 34 map units of 32 lines = 1088, crop 2 units of 4 lines.
        let fields = Fields(heightInMapUnits: 34, frameMBsOnly: false, crop: (0, 0, 0, 2))
        let sps = try AVCSequenceParameterSet(parsing: AVCSamples.sps(fields))
        #expect(!sps.frameMBsOnly)
        #expect(sps.width == 1920 && sps.height == 1080)
    }

    @Test(arguments: [
        (UInt64(0), 1, 1), (1, 2, 2), (2, 2, 1), (3, 1, 1),
    ] as [(UInt64, Int, Int)])
    func highProfileCropUnitsFollowTheChromaFormat(chromaFormat: UInt64, unitX: Int, unitY: Int) throws {
        let fields = Fields(profileIDC: 100, chromaFormatIDC: chromaFormat, widthInMBs: 20, heightInMapUnits: 10, crop: (1, 2, 3, 1))
        let sps = try AVCSequenceParameterSet(parsing: AVCSamples.sps(fields))
        #expect(sps.chromaFormatIDC == UInt32(chromaFormat))
        #expect(sps.width == 320 - unitX * 3)
        #expect(sps.height == 160 - unitY * 4)
    }

    @Test func scalingListsAreSkippedCorrectly() throws {
        // Lists 0 and 7 end early (nextScale reaches 0); list 1 has all 16 entries; list 6 all 64.
        let lists: [[Int]] = [[8, -16], Array(repeating: 2, count: 16), [], [], [], [], Array(repeating: 1, count: 64), [-8]]
        for chroma: UInt64 in [1, 3] {
            let fields = Fields(profileIDC: 100, chromaFormatIDC: chroma, scalingLists: lists, widthInMBs: 80, heightInMapUnits: 45, crop: nil)
            let sps = try AVCSequenceParameterSet(parsing: AVCSamples.sps(fields))
            #expect(sps.width == 1280 && sps.height == 720)
        }
    }

    @Test func pictureOrderCountType1IsSkippedCorrectly() throws {
        let sps = try AVCSequenceParameterSet(parsing: AVCSamples.sps(Fields(pocType: 1)))
        #expect(sps.width == 1920 && sps.height == 1080)
    }

    @Test func emulationPreventionBytesAreRemoved() throws {
        // 2^30 reference frames: a 61-bit Exp-Golomb code full of zero bytes that need escaping.
        let raw = AVCSamples.sps(Fields(maxNumRefFrames: 1 << 30, widthInMBs: 80, heightInMapUnits: 45, crop: nil))
        let escaped = AVCSamples.escaped(raw)
        #expect(escaped.count > raw.count)
        let sps = try AVCSequenceParameterSet(parsing: escaped)
        #expect(sps.width == 1280 && sps.height == 720)
    }

    @Test func anExpGolombCodeLongerThan32BitsIsRejected() {
        #expect(throws: CodecError.avcExpGolombOverflow) {
            _ = try AVCSequenceParameterSet(parsing: [0x67, 0x42, 0x00, 0x1E, 0, 0, 0, 0, 0x01, 0xFF])
        }
    }

    @Test func outOfRangeValuesAreRejected() {
        #expect(throws: CodecError.avcSPSValueOutOfRange(field: "frame_crop_top+bottom", value: 1088)) {
            _ = try AVCSequenceParameterSet(parsing: AVCSamples.sps(Fields(crop: (0, 0, 0, 544))))
        }
        #expect(throws: CodecError.avcSPSValueOutOfRange(field: "pic_width_in_mbs_minus1", value: 5000)) {
            _ = try AVCSequenceParameterSet(parsing: AVCSamples.sps(Fields(widthInMBs: 5001)))
        }
        #expect(throws: CodecError.avcSPSValueOutOfRange(field: "chroma_format_idc", value: 4)) {
            _ = try AVCSequenceParameterSet(parsing: AVCSamples.sps(Fields(profileIDC: 100, chromaFormatIDC: 4)))
        }
    }

    @Test func aNonSPSNALUnitIsRejected() {
        #expect(throws: CodecError.avcNotSPS(nalType: 8)) { _ = try AVCSequenceParameterSet(parsing: [0x68, 0xCE]) }
        #expect(throws: CodecError.self) { _ = try AVCSequenceParameterSet(parsing: [UInt8]()) }
    }

    @Test(arguments: [MediaClips.clip720p, MediaClips.clip360p, MediaClips.clip240p])
    func truncationsFailUpToTheCroppingFieldsThenAllParseTheSame(clip: String) throws {
        let record = try AVCDecoderConfigurationRecord(parsing: try #require(AVCSamples.avcC(clip)))
        let nal = try #require(record.sequenceParameterSets.first)
        let full = try AVCSequenceParameterSet(parsing: nal)
        let outcomes = (0...nal.count).map { cut in try? AVCSequenceParameterSet(parsing: nal[..<cut]) }
        let firstSuccess = try #require(outcomes.firstIndex { $0 != nil })
        #expect(firstSuccess > 4)
        #expect(outcomes[firstSuccess...].allSatisfy { $0 == full })
    }

    @Test func randomPayloadsNeverCrashTheParser() {
        var random = SplitMix64(seed: 7)
        var parsed = 0
        for _ in 0..<20_000 {
            let bytes = [0x67] + random.bytes(Int.random(in: 0...24, using: &random))
            if (try? AVCSequenceParameterSet(parsing: bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}
