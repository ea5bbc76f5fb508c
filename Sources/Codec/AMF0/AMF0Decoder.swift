import Core

/// Reads AMF0 values (AMF0 spec §2) from untrusted peers.
///
/// Bounded by construction: containers nest at most `maxDepth` deep, counts never size an
/// allocation beyond the bytes actually left, and every value consumes at least one byte.
/// Strings are decoded as UTF-8 with invalid sequences replaced (lossy, never a crash).
///
/// Tolerated beyond the spec:
/// - reference (0x07): its 2-byte index is consumed and the value decodes as `.undefined`
///   (we keep no reference table; no RTMP peer we serve relies on it).
/// - ECMA array: the declared count is only a hint; properties are read up to the object-end
///   marker. If the input ends right after at least `count` properties, the missing end marker
///   is accepted (some encoders omit it).
/// - typed object (0x10): decoded as a plain `.object`, the class name dropped.
/// - XML document (0x0F): decoded as `.longString`.
/// - avmplus (0x11): the next value is AMF3; undefined, null, booleans, integers, doubles and
///   inline strings map to AMF0 values, other AMF3 types are rejected.
public enum AMF0Decoder {
    /// The deepest allowed nesting of objects, ECMA arrays and strict arrays.
    public static let maxDepth = 64

    /// Decodes one value at the reader's position.
    public static func decode(_ reader: inout ByteReader) throws(CodecError) -> AMF0Value {
        try value(&reader, depth: 0)
    }

    /// Decodes values back to back until the bytes run out (a command or data message body).
    public static func decodeAll(_ bytes: [UInt8]) throws(CodecError) -> [AMF0Value] {
        var reader = ByteReader(bytes)
        var values: [AMF0Value] = []
        while !reader.isAtEnd {
            values.append(try value(&reader, depth: 0))
        }
        return values
    }

    /// Decodes values back to back from a slice.
    public static func decodeAll(_ bytes: ArraySlice<UInt8>) throws(CodecError) -> [AMF0Value] {
        try decodeAll(Array(bytes))
    }

    static func value(_ reader: inout ByteReader, depth: Int) throws(CodecError) -> AMF0Value {
        let markerOffset = reader.offset
        let byte = try reader.u8("amf0 marker")
        guard let marker = AMF0Marker(rawValue: byte) else { throw .amf0UnknownMarker(byte) }
        switch marker {
        case .number:
            return .number(Double(bitPattern: try reader.u64("amf0 number")))
        case .boolean:
            return .boolean(try reader.u8("amf0 boolean") != 0)
        case .string:
            return .string(try shortString(&reader))
        case .object:
            return .object(try properties(&reader, depth: depth, minimumWithoutEnd: nil))
        case .null:
            return .null
        case .undefined:
            return .undefined
        case .reference:
            _ = try reader.u16("amf0 reference")
            return .undefined
        case .ecmaArray:
            let count = try reader.u32("amf0 ecma array count")
            // SRS compat: like SRS, read up to the end marker whatever the count says.
            return .ecmaArray(try properties(&reader, depth: depth, minimumWithoutEnd: Int(count)))
        case .objectEnd:
            throw .amf0UnexpectedObjectEnd(offset: markerOffset)
        case .strictArray:
            return .strictArray(try strictArray(&reader, depth: depth))
        case .date:
            let milliseconds = Double(bitPattern: try reader.u64("amf0 date"))
            let timeZone = Int16(bitPattern: try reader.u16("amf0 date time zone"))
            return .date(milliseconds, timeZone: timeZone)
        case .longString, .xmlDocument:
            return .longString(try longString(&reader))
        case .typedObject:
            _ = try shortString(&reader)
            return .object(try properties(&reader, depth: depth, minimumWithoutEnd: nil))
        case .avmPlusObject:
            return try AMF3Scalar.decode(&reader)
        case .movieClip, .unsupported, .recordSet:
            throw .amf0UnsupportedMarker(byte)
        }
    }

    /// Properties up to 00 00 09 (§2.5). `minimumWithoutEnd` allows a missing end marker at the
    /// end of input once that many properties were read (ECMA arrays only).
    private static func properties(
        _ reader: inout ByteReader, depth: Int, minimumWithoutEnd: Int?
    ) throws(CodecError) -> AMF0Object {
        guard depth < maxDepth else { throw .amf0NestingTooDeep(limit: maxDepth) }
        var object = AMF0Object()
        while true {
            if reader.peek(at: 0) == 0, reader.peek(at: 1) == 0,
               reader.peek(at: 2) == AMF0Marker.objectEnd.rawValue {
                _ = try reader.bytes(3, "amf0 object end")
                return object
            }
            if reader.isAtEnd, let minimum = minimumWithoutEnd, object.properties.count >= minimum {
                return object
            }
            let key = try shortString(&reader)
            let element = try value(&reader, depth: depth + 1)
            object.properties.append(AMF0Property(key, element))
        }
    }

    /// Strict array (§2.12): a count then that many values.
    private static func strictArray(_ reader: inout ByteReader, depth: Int) throws(CodecError) -> [AMF0Value] {
        guard depth < maxDepth else { throw .amf0NestingTooDeep(limit: maxDepth) }
        let count = try reader.u32("amf0 strict array count")
        // Every value takes at least its marker byte, so a larger count is a lie.
        guard Int(count) <= reader.remaining else {
            throw .amf0CountExceedsInput(count: count, remaining: reader.remaining)
        }
        var values: [AMF0Value] = []
        values.reserveCapacity(min(Int(count), 1024))
        for _ in 0..<count {
            values.append(try value(&reader, depth: depth + 1))
        }
        return values
    }

    /// UTF-8 with a 16-bit length (§1.3), invalid sequences replaced.
    static func shortString(_ reader: inout ByteReader) throws(CodecError) -> String {
        let length = Int(try reader.u16("amf0 string length"))
        return String(decoding: try reader.bytes(length, "amf0 string"), as: UTF8.self)
    }

    /// UTF-8 with a 32-bit length (§2.14), invalid sequences replaced.
    private static func longString(_ reader: inout ByteReader) throws(CodecError) -> String {
        let length = Int(try reader.u32("amf0 long string length"))
        return String(decoding: try reader.bytes(length, "amf0 long string"), as: UTF8.self)
    }
}
