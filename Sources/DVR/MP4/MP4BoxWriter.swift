import Core

/// Builds ISO-BMFF boxes (ISO/IEC 14496-12 §4.2) into one byte array: a box's 32-bit size is
/// filled in when its body closure returns.
struct MP4BoxWriter {
    private(set) var bytes: [UInt8] = []

    /// A box of `type` whose body `content` writes.
    mutating func box(_ type: String, _ content: (inout MP4BoxWriter) -> Void) {
        let start = bytes.count
        u32(0)
        fourCC(type)
        content(&self)
        let size = UInt32(truncatingIfNeeded: bytes.count - start)
        bytes[start] = UInt8(truncatingIfNeeded: size >> 24)
        bytes[start + 1] = UInt8(truncatingIfNeeded: size >> 16)
        bytes[start + 2] = UInt8(truncatingIfNeeded: size >> 8)
        bytes[start + 3] = UInt8(truncatingIfNeeded: size)
    }

    /// A FullBox (§4.2): version and 24-bit flags before the body.
    mutating func fullBox(_ type: String, version: UInt8 = 0, flags: UInt32 = 0,
                          _ content: (inout MP4BoxWriter) -> Void) {
        box(type) { writer in
            writer.u8(version)
            writer.u24(flags)
            content(&writer)
        }
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { bytes.appendUInt16(value) }
    mutating func u24(_ value: UInt32) { bytes.appendUInt24(value) }
    mutating func u32(_ value: UInt32) { bytes.appendUInt32(value) }
    mutating func u64(_ value: UInt64) { bytes.appendUInt64(value) }
    mutating func i32(_ value: Int32) { bytes.appendUInt32(UInt32(bitPattern: value)) }
    mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }
    mutating func append(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// A four-character code (box types, brands, handler types).
    mutating func fourCC(_ code: String) {
        let utf8 = Array(code.utf8)
        precondition(utf8.count == 4, "four-character code expected: \(code)")
        bytes.append(contentsOf: utf8)
    }

    /// The unity transformation matrix of mvhd and tkhd (§8.2.2, §8.3.2).
    mutating func unityMatrix() {
        for value: UInt32 in [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] { u32(value) }
    }

    /// An MPEG-4 descriptor (ISO/IEC 14496-1 §8.3.3): tag, expandable size, body.
    mutating func descriptor(_ tag: UInt8, _ content: (inout MP4BoxWriter) -> Void) {
        var body = MP4BoxWriter()
        content(&body)
        u8(tag)
        var size = body.bytes.count
        var sizeBytes: [UInt8] = [UInt8(size & 0x7F)]
        size >>= 7
        while size > 0 {
            sizeBytes.insert(UInt8(size & 0x7F) | 0x80, at: 0)
            size >>= 7
        }
        append(sizeBytes)
        append(body.bytes)
    }
}
