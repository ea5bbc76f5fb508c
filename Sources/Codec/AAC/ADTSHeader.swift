/// Builds the 7-byte ADTS header that turns a raw AAC frame into a stream HLS can carry
/// (ISO 13818-7 §6.2.1 / ISO 14496-3 §1.A.2.2, adts_fixed_header + adts_variable_header).
public enum ADTSHeader {
    public static let size = 7
    /// The largest raw frame an ADTS header can frame (13-bit frame_length includes the header).
    public static let maxPayloadLength = 0x1FFF - size

    /// The header for a `payloadLength`-byte raw AAC frame.
    public static func make(config: AudioSpecificConfig, payloadLength: Int) throws(CodecError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        try append(config: config, payloadLength: payloadLength, to: &bytes)
        return bytes
    }

    /// Appends the header (`ADTSFrameHeader` has the layout): syncword 0xFFF, ID 1 (MPEG-2),
    /// layer 0, protection_absent 1 (so the bytes start `ff f9`), profile, sampling index,
    /// channels, frame_length, fullness 0x7FF.
    public static func append(config: AudioSpecificConfig, payloadLength: Int, to bytes: inout [UInt8]) throws(CodecError) {
        precondition(payloadLength >= 0, "negative AAC payload length")
        guard payloadLength <= maxPayloadLength else { throw .adtsFrameTooLarge(payloadLength: payloadLength) }
        try ADTSFrameHeader(config: config).append(payloadLength: payloadLength, to: &bytes)
    }

    /// The 2-bit ADTS profile (object type - 1).
    ///
    /// SRS compat: srs_aac_rtmp2ts signals HE and HEv2 as LC (1), and anything else unknown as 3.
    static func profile(objectType: Int) -> UInt8 {
        switch objectType {
        case AudioSpecificConfig.ObjectType.main: return 0
        case AudioSpecificConfig.ObjectType.lc, AudioSpecificConfig.ObjectType.sbr,
             AudioSpecificConfig.ObjectType.ps: return 1
        case AudioSpecificConfig.ObjectType.ssr: return 2
        default: return 3
        }
    }
}
