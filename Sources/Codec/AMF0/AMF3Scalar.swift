import Core

/// The AMF3 values an AMF0 stream may switch to with marker 0x11 (AMF3 spec §3), mapped to
/// their AMF0 equivalents. Complex AMF3 types are rejected: RTMP peers we serve never send them.
enum AMF3Scalar {
    /// Decodes one AMF3 value after the 0x11 marker.
    static func decode(_ reader: inout ByteReader) throws(CodecError) -> AMF0Value {
        let byte = try reader.u8("amf3 marker")
        guard let marker = AMF3Marker(rawValue: byte) else { throw .amf3UnsupportedMarker(byte) }
        switch marker {
        case .undefined:
            return .undefined
        case .null:
            return .null
        case .false:
            return .boolean(false)
        case .true:
            return .boolean(true)
        case .integer:
            // §3.6: a U29 holding a 29-bit two's complement integer.
            let raw = try u29(&reader)
            let signed = raw & 0x1000_0000 != 0 ? Int32(raw) - 0x2000_0000 : Int32(raw)
            return .number(Double(signed))
        case .double:
            return .number(Double(bitPattern: try reader.u64("amf3 double")))
        case .string:
            // §3.8: U29S-ref (low bit 0) or U29S-value (low bit 1, length in the upper 28 bits).
            let header = try u29(&reader)
            guard header & 1 == 1 else { throw .amf3StringReference(index: Int(header >> 1)) }
            let length = Int(header >> 1)
            return .string(String(decoding: try reader.bytes(length, "amf3 string"), as: UTF8.self))
        }
    }

    /// AMF3 §1.3.1 U29: 1–4 bytes, 7 bits per byte with a continuation flag, 8 bits in the 4th.
    static func u29(_ reader: inout ByteReader) throws(CodecError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<3 {
            let byte = try reader.u8("amf3 u29")
            value = value << 7 | UInt32(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        return value << 8 | UInt32(try reader.u8("amf3 u29"))
    }
}
