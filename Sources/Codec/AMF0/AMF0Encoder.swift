import Core

/// Writes AMF0 values (AMF0 spec §2).
public enum AMF0Encoder {
    /// Encodes a command or data message body: the values back to back.
    public static func encode(_ values: [AMF0Value]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        for value in values { encode(value, into: &bytes) }
        return bytes
    }

    /// Appends one value with its type marker.
    ///
    /// A `.string` longer than 65535 UTF-8 bytes is written as a long string (§2.14), since the
    /// short form cannot carry it; `.longString` is always written in the long form.
    public static func encode(_ value: AMF0Value, into bytes: inout [UInt8]) {
        switch value {
        case .number(let number):
            bytes.append(AMF0Marker.number.rawValue)
            bytes.appendUInt64(number.bitPattern)
        case .boolean(let flag):
            bytes.append(AMF0Marker.boolean.rawValue)
            bytes.append(flag ? 1 : 0)
        case .string(let string):
            if string.utf8.count > Int(UInt16.max) {
                appendLongString(string, into: &bytes)
            } else {
                bytes.append(AMF0Marker.string.rawValue)
                appendKey(string, into: &bytes)
            }
        case .object(let object):
            bytes.append(AMF0Marker.object.rawValue)
            appendProperties(object, into: &bytes)
        case .null:
            bytes.append(AMF0Marker.null.rawValue)
        case .undefined:
            bytes.append(AMF0Marker.undefined.rawValue)
        case .ecmaArray(let object):
            bytes.append(AMF0Marker.ecmaArray.rawValue)
            bytes.appendUInt32(UInt32(clamping: object.properties.count))
            appendProperties(object, into: &bytes)
        case .strictArray(let values):
            bytes.append(AMF0Marker.strictArray.rawValue)
            bytes.appendUInt32(UInt32(clamping: values.count))
            for element in values { encode(element, into: &bytes) }
        case let .date(milliseconds, timeZone):
            bytes.append(AMF0Marker.date.rawValue)
            bytes.appendUInt64(milliseconds.bitPattern)
            bytes.appendUInt16(UInt16(bitPattern: timeZone))
        case .longString(let string):
            appendLongString(string, into: &bytes)
        }
    }

    /// Object/ECMA-array body: key/value pairs then the object-end marker 00 00 09 (§2.5).
    private static func appendProperties(_ object: AMF0Object, into bytes: inout [UInt8]) {
        for property in object.properties {
            appendKey(property.key, into: &bytes)
            encode(property.value, into: &bytes)
        }
        bytes.append(contentsOf: [0x00, 0x00, AMF0Marker.objectEnd.rawValue])
    }

    /// UTF-8 with a 16-bit length (§1.3 UTF-8); keys over 65535 bytes are cut to fit.
    private static func appendKey(_ string: String, into bytes: inout [UInt8]) {
        let utf8 = string.utf8
        let count = min(utf8.count, Int(UInt16.max))
        bytes.appendUInt16(UInt16(count))
        bytes.append(contentsOf: utf8.prefix(count))
    }

    /// Long string (§2.14): marker 0x0C and UTF-8 with a 32-bit length.
    private static func appendLongString(_ string: String, into bytes: inout [UInt8]) {
        let utf8 = string.utf8
        let count = min(utf8.count, Int(UInt32.max))
        bytes.append(AMF0Marker.longString.rawValue)
        bytes.appendUInt32(UInt32(count))
        bytes.append(contentsOf: utf8.prefix(count))
    }
}
