/// Builds MSB-first bitstreams (with Exp-Golomb codes) for SPS and AudioSpecificConfig tests.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func bits(_ value: UInt64, _ count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            if bitCount % 8 == 0 { bytes.append(0) }
            if value >> UInt64(shift) & 1 == 1 {
                bytes[bytes.count - 1] |= 0x80 >> UInt8(bitCount % 8)
            }
            bitCount += 1
        }
    }

    mutating func flag(_ value: Bool) { bits(value ? 1 : 0, 1) }

    /// ue(v), H.264 §9.1.
    mutating func ue(_ value: UInt64) {
        let code = value + 1
        let length = 64 - code.leadingZeroBitCount
        bits(0, length - 1)
        bits(code, length)
    }

    /// se(v), H.264 §9.1.1.
    mutating func se(_ value: Int) {
        ue(value > 0 ? UInt64(2 * value - 1) : UInt64(-2 * value))
    }

    /// rbsp_trailing_bits(): a stop bit then zeros to the byte boundary.
    mutating func trailingBits() {
        bits(1, 1)
        while bitCount % 8 != 0 { bits(0, 1) }
    }
}
