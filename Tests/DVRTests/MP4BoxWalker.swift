import Core

/// Reads an ISO-BMFF file back into a box tree (ISO/IEC 14496-12 §4.2), for the tests: every
/// container box this muxer writes is descended into; other boxes keep their body bytes.
struct MP4Box: CustomStringConvertible {
    let type: String
    /// File offset of the box and of its body.
    let offset: Int
    let bodyOffset: Int
    let body: ArraySlice<UInt8>
    let children: [MP4Box]

    /// Boxes whose body is only boxes (after `skip` bytes).
    static let containers: [String: Int] = [
        "moov": 0, "trak": 0, "edts": 0, "mdia": 0, "minf": 0, "dinf": 0, "stbl": 0,
        "stsd": 8, "dref": 8, "avc1": 78, "mp4a": 28,
    ]

    static func parse(_ bytes: [UInt8]) throws -> [MP4Box] { try parse(bytes[...]) }

    static func parse(_ bytes: ArraySlice<UInt8>) throws -> [MP4Box] {
        var boxes: [MP4Box] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes.endIndex - index >= 8 else { throw WalkError.truncated(at: index) }
            var size = Int(u32(bytes, index))
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            var header = 8
            if size == 1 {
                size = Int(u64(bytes, index + 8))
                header = 16
            }
            guard size >= header, index + size <= bytes.endIndex else { throw WalkError.badSize(type, at: index, size: size) }
            let body = bytes[(index + header)..<(index + size)]
            var children: [MP4Box] = []
            if let skip = containers[type] { children = try parse(body.dropFirst(skip)) }
            boxes.append(MP4Box(type: type, offset: index, bodyOffset: index + header, body: body, children: children))
            index += size
        }
        return boxes
    }

    enum WalkError: Error { case truncated(at: Int), badSize(String, at: Int, size: Int) }

    /// The first box at a `/`-separated path below this one (`mdia/minf/stbl/stsz`).
    func find(_ path: String) -> MP4Box? {
        var current: MP4Box? = self
        for name in path.split(separator: "/") { current = current?.children.first { $0.type == name } }
        return current
    }

    /// Every child of `type`.
    func all(_ type: String) -> [MP4Box] { children.filter { $0.type == type } }

    /// The shape: `type(children)`.
    var description: String {
        children.isEmpty ? type : "\(type)(\(children.map(\.description).joined(separator: " ")))"
    }

    /// A big-endian field of the body (after the FullBox version/flags when `full`).
    func u32(at offset: Int, full: Bool = true) -> UInt32 { Self.u32(body, body.startIndex + offset + (full ? 4 : 0)) }
    func u16(at offset: Int, full: Bool = true) -> UInt16 {
        let i = body.startIndex + offset + (full ? 4 : 0)
        return UInt16(body[i]) << 8 | UInt16(body[i + 1])
    }
    var version: UInt8 { body[body.startIndex] }

    /// A FullBox table of `count` entries of `width` u32 fields after the entry count.
    func table(width: Int, countAt: Int = 0) -> [[UInt32]] {
        let count = Int(u32(at: countAt))
        return (0..<count).map { row in (0..<width).map { u32(at: countAt + 4 + (row * width + $0) * 4) } }
    }

    static func u32(_ bytes: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
        UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }

    static func u64(_ bytes: ArraySlice<UInt8>, _ i: Int) -> UInt64 {
        UInt64(u32(bytes, i)) << 32 | UInt64(u32(bytes, i + 4))
    }
}

extension Array where Element == MP4Box {
    func first(_ type: String) -> MP4Box? { first { $0.type == type } }
}
