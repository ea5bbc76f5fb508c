import TestSupport
import Codec

/// SPS/avcC inputs: the real sequence headers of the clips and synthetic SPS bitstreams.
enum AVCSamples {
    /// The avcC (body after the 5-byte video tag header) of the clip's first AVC sequence header.
    static func avcC(_ clip: String) -> [UInt8]? {
        guard let file = MediaClips.load(clip), let tags = try? FLVFileReader.readAll(file).tags else { return nil }
        for tag in tags where tag.kind == .video {
            if let header = try? VideoTagHeader(parsing: tag.body), header.isSequenceHeader {
                return Array(tag.body.dropFirst(header.size))
            }
        }
        return nil
    }

    /// Fields of a synthetic SPS; defaults make a 1920x1080 4:2:0 progressive Baseline stream.
    struct SPSFields {
        var profileIDC: UInt64 = 66
        var levelIDC: UInt64 = 40
        var chromaFormatIDC: UInt64 = 1
        var scalingLists: [[Int]]? = nil
        var pocType: UInt64 = 0
        var maxNumRefFrames: UInt64 = 1
        var widthInMBs: UInt64 = 120
        var heightInMapUnits: UInt64 = 68
        var frameMBsOnly = true
        var crop: (left: UInt64, right: UInt64, top: UInt64, bottom: UInt64)? = (0, 0, 0, 4)
    }

    /// An SPS NAL unit (header 0x67) without emulation prevention.
    static func sps(_ fields: SPSFields) -> [UInt8] {
        var bits = BitWriter()
        bits.bits(fields.profileIDC, 8)
        bits.bits(0, 8)  // constraint flags
        bits.bits(fields.levelIDC, 8)
        bits.ue(0)  // seq_parameter_set_id
        if [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].contains(fields.profileIDC) {
            bits.ue(fields.chromaFormatIDC)
            if fields.chromaFormatIDC == 3 { bits.flag(false) }
            bits.ue(0)
            bits.ue(0)
            bits.flag(false)
            bits.flag(fields.scalingLists != nil)
            if let lists = fields.scalingLists {
                for index in 0..<(fields.chromaFormatIDC != 3 ? 8 : 12) {
                    let deltas = index < lists.count ? lists[index] : []
                    bits.flag(!deltas.isEmpty)
                    for delta in deltas { bits.se(delta) }
                }
            }
        }
        bits.ue(0)  // log2_max_frame_num_minus4
        bits.ue(fields.pocType)
        if fields.pocType == 0 {
            bits.ue(2)
        } else if fields.pocType == 1 {
            bits.flag(false)
            bits.se(-3)
            bits.se(5)
            bits.ue(2)
            bits.se(7)
            bits.se(-7)
        }
        bits.ue(fields.maxNumRefFrames)
        bits.flag(false)
        bits.ue(fields.widthInMBs - 1)
        bits.ue(fields.heightInMapUnits - 1)
        bits.flag(fields.frameMBsOnly)
        if !fields.frameMBsOnly { bits.flag(true) }
        bits.flag(true)  // direct_8x8_inference_flag
        bits.flag(fields.crop != nil)
        if let crop = fields.crop {
            bits.ue(crop.left)
            bits.ue(crop.right)
            bits.ue(crop.top)
            bits.ue(crop.bottom)
        }
        bits.flag(false)  // vui_parameters_present_flag
        bits.trailingBits()
        return [0x67] + bits.bytes
    }

    /// Inserts emulation prevention bytes (H.264 §7.4.1): 00 00 0x (x ≤ 3) → 00 00 03 0x.
    static func escaped(_ nalUnit: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var zeros = 0
        for byte in nalUnit {
            if zeros >= 2 && byte <= 3 {
                output.append(3)
                zeros = 0
            }
            output.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return output
    }
}
