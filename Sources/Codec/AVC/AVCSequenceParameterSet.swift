/// The parts of an H.264 sequence parameter set (H.264 §7.3.2.1.1) a server needs: profile,
/// level and the displayed picture size. VUI and everything after the cropping fields is ignored.
public struct AVCSequenceParameterSet: Equatable, Sendable {
    public var profileIDC: UInt8
    /// constraint_set0..5 flags and the 2 reserved bits, as the byte after profile_idc.
    public var constraintFlags: UInt8
    public var levelIDC: UInt8
    public var id: UInt32
    /// 0 monochrome, 1 4:2:0 (the default when not signalled), 2 4:2:2, 3 4:4:4.
    public var chromaFormatIDC: UInt32
    public var separateColourPlane: Bool
    public var bitDepthLuma: Int
    public var bitDepthChroma: Int
    public var frameMBsOnly: Bool
    /// Picture width in pixels after frame cropping.
    public var width: Int
    /// Picture (frame) height in pixels after frame cropping.
    public var height: Int

    /// SRS's profile name ("High", "Main", ...).
    public var profileName: String { AVCNames.profile(Int(profileIDC)) }
    /// SRS's level name ("3.1", ...).
    public var levelName: String { AVCNames.level(levelIDC) }

    /// Parses an SPS NAL unit: the 1-byte NAL header (type 7) then the escaped payload.
    public init<Bytes: Collection>(parsing nalUnit: Bytes) throws(CodecError) where Bytes.Element == UInt8 {
        guard let header = nalUnit.first else {
            throw .truncated(context: "avc sps", offset: 0, needed: 1, available: 0)
        }
        guard header & 0x1F == 7 else { throw .avcNotSPS(nalType: header & 0x1F) }
        var bits = BitReader(Self.rbsp(nalUnit.dropFirst()), context: "avc sps")

        profileIDC = UInt8(try bits.bits(8))
        constraintFlags = UInt8(try bits.bits(8))
        levelIDC = UInt8(try bits.bits(8))
        id = try Self.checked(bits.ue(), "seq_parameter_set_id", max: 31)

        chromaFormatIDC = 1
        separateColourPlane = false
        bitDepthLuma = 8
        bitDepthChroma = 8
        if Self.hasChromaInfo(profileIDC) {
            chromaFormatIDC = try Self.checked(bits.ue(), "chroma_format_idc", max: 3)
            if chromaFormatIDC == 3 { separateColourPlane = try bits.flag() }
            bitDepthLuma = Int(try Self.checked(bits.ue(), "bit_depth_luma_minus8", max: 6)) + 8
            bitDepthChroma = Int(try Self.checked(bits.ue(), "bit_depth_chroma_minus8", max: 6)) + 8
            try bits.skip(1)  // qpprime_y_zero_transform_bypass_flag
            if try bits.flag() {  // seq_scaling_matrix_present_flag
                for index in 0..<(chromaFormatIDC != 3 ? 8 : 12) {
                    if try bits.flag() { try Self.skipScalingList(&bits, size: index < 6 ? 16 : 64) }
                }
            }
        }

        _ = try Self.checked(bits.ue(), "log2_max_frame_num_minus4", max: 12)
        let pocType = try Self.checked(bits.ue(), "pic_order_cnt_type", max: 2)
        if pocType == 0 {
            _ = try Self.checked(bits.ue(), "log2_max_pic_order_cnt_lsb_minus4", max: 12)
        } else if pocType == 1 {
            try bits.skip(1)  // delta_pic_order_always_zero_flag
            _ = try bits.se()  // offset_for_non_ref_pic
            _ = try bits.se()  // offset_for_top_to_bottom_field
            let cycle = try Self.checked(bits.ue(), "num_ref_frames_in_pic_order_cnt_cycle", max: 255)
            for _ in 0..<cycle { _ = try bits.se() }
        }
        _ = try bits.ue()  // max_num_ref_frames
        try bits.skip(1)  // gaps_in_frame_num_value_allowed_flag
        let widthInMBs = Int(try Self.checked(bits.ue(), "pic_width_in_mbs_minus1", max: Self.maxMBs)) + 1
        let heightInMapUnits = Int(try Self.checked(bits.ue(), "pic_height_in_map_units_minus1", max: Self.maxMBs)) + 1
        frameMBsOnly = try bits.flag()
        if !frameMBsOnly { try bits.skip(1) }  // mb_adaptive_frame_field_flag
        try bits.skip(1)  // direct_8x8_inference_flag

        let fullWidth = widthInMBs * 16
        let fullHeight = (frameMBsOnly ? 1 : 2) * heightInMapUnits * 16
        width = fullWidth
        height = fullHeight
        if try bits.flag() {  // frame_cropping_flag
            let left = Int(try bits.ue()), right = Int(try bits.ue())
            let top = Int(try bits.ue()), bottom = Int(try bits.ue())
            // §7.4.2.1.1: CropUnitX/CropUnitY from ChromaArrayType and frame_mbs_only_flag.
            let chromaArrayType = separateColourPlane ? 0 : chromaFormatIDC
            let subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1
            let subHeightC = chromaArrayType == 1 ? 2 : 1
            let cropUnitX = chromaArrayType == 0 ? 1 : subWidthC
            let cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMBsOnly ? 1 : 2)
            let cropX = cropUnitX * (left + right)
            let cropY = cropUnitY * (top + bottom)
            guard cropX < fullWidth else { throw .avcSPSValueOutOfRange(field: "frame_crop_left+right", value: cropX) }
            guard cropY < fullHeight else { throw .avcSPSValueOutOfRange(field: "frame_crop_top+bottom", value: cropY) }
            width = fullWidth - cropX
            height = fullHeight - cropY
        }
    }

    /// The largest width/height in macroblocks we accept (65536 pixels), far above any level.
    static let maxMBs: UInt32 = 4095

    /// Profiles whose SPS carries chroma_format_idc and friends (H.264 §7.3.2.1.1).
    static func hasChromaInfo(_ profileIDC: UInt8) -> Bool {
        [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].contains(profileIDC)
    }

    private static func checked(_ value: UInt32, _ field: String, max: UInt32) throws(CodecError) -> UInt32 {
        guard value <= max else { throw .avcSPSValueOutOfRange(field: field, value: Int(value)) }
        return value
    }

    /// scaling_list() (H.264 §7.3.2.1.1.1): parsed only to skip it.
    private static func skipScalingList(_ bits: inout BitReader, size: Int) throws(CodecError) {
        var lastScale = 8
        var nextScale = 8
        for _ in 0..<size {
            if nextScale != 0 {
                let delta = try bits.se()
                guard (-128...127).contains(delta) else {
                    throw .avcSPSValueOutOfRange(field: "delta_scale", value: delta)
                }
                nextScale = (lastScale + delta + 256) % 256
            }
            lastScale = nextScale == 0 ? lastScale : nextScale
        }
    }

    /// Removes emulation prevention bytes: 00 00 03 → 00 00 (H.264 §7.4.1).
    static func rbsp<Bytes: Sequence>(_ payload: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(payload.underestimatedCount)
        var zeros = 0
        for byte in payload {
            if zeros >= 2 && byte == 3 {
                zeros = 0
                continue
            }
            output.append(byte)
            zeros = byte == 0 ? zeros + 1 : 0
        }
        return output
    }
}
