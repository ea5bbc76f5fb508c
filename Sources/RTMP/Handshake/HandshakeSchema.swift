/// Which of the two layouts a complex C1/S1 uses (§5.1; SRS `c1s1_strategy_schema0/1`).
///
/// A C1/S1 is time(4) + version(4) + two 764-byte blocks: schema0 puts the key block first,
/// schema1 the digest block first.
public enum HandshakeSchema: Sendable, Equatable {
    /// Key block, then digest block.
    case schema0
    /// Digest block, then key block (what Flash Player and SRS-as-client send).
    case schema1

    /// Size of the key block and of the digest block.
    static let blockSize = 764

    /// Offset of the key block inside the 1536-byte packet.
    var keyBlockStart: Int { self == .schema0 ? 8 : 8 + Self.blockSize }

    /// Offset of the digest block inside the 1536-byte packet.
    var digestBlockStart: Int { self == .schema0 ? 8 + Self.blockSize : 8 }

    /// Offset of the 32-byte digest: after the block's leading 4-byte offset field, at
    /// (sum of those 4 bytes) % 728. Always inside a 1536-byte `packet`.
    func digestOffset(in packet: [UInt8]) -> Int {
        let field = digestBlockStart
        return field + 4 + Self.byteSum(packet, field) % (Self.blockSize - 4 - 32)
    }

    /// Offset of the 128-byte key: (sum of the block's trailing 4 bytes) % 632 into the block.
    /// Always inside a 1536-byte `packet`.
    func keyOffset(in packet: [UInt8]) -> Int {
        let field = keyBlockStart + Self.blockSize - 4
        return keyBlockStart + Self.byteSum(packet, field) % (Self.blockSize - 128 - 4)
    }

    /// Sum of the 4 bytes at `start` (the offset fields are summed, not read as an integer).
    private static func byteSum(_ packet: [UInt8], _ start: Int) -> Int {
        Int(packet[start]) + Int(packet[start + 1]) + Int(packet[start + 2]) + Int(packet[start + 3])
    }
}
