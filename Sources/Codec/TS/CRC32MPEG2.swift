/// CRC-32/MPEG-2 (ISO 13818-1 Annex A): polynomial 0x04C11DB7, initial 0xFFFFFFFF, MSB first,
/// no reflection, no final XOR. Protects PAT/PMT sections.
public enum CRC32MPEG2 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index) << 24
        for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? crc << 1 ^ 0x04C1_1DB7 : crc << 1 }
        return crc
    }

    /// The CRC of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crc << 8 ^ table[Int((crc >> 24 ^ UInt32(byte)) & 0xFF)]
        }
        return crc
    }
}
