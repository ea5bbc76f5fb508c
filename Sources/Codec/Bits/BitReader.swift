/// An MSB-first bit cursor over bytes, for SPS (H.264 §7.2) and AudioSpecificConfig parsing.
struct BitReader {
    private let bytes: [UInt8]
    /// Bits consumed so far.
    private(set) var position = 0
    /// Names the structure in truncation errors.
    let context: String

    init(_ bytes: [UInt8], context: String) {
        self.bytes = bytes
        self.context = context
    }

    var bitsLeft: Int { bytes.count * 8 - position }

    private func require(_ count: Int) throws(CodecError) {
        guard count <= bitsLeft else {
            throw .truncated(context: context, offset: position / 8,
                             needed: (count + 7) / 8, available: bitsLeft / 8)
        }
    }

    mutating func flag() throws(CodecError) -> Bool {
        try bits(1) == 1
    }

    /// The next `count` (0...32) bits as an unsigned number.
    mutating func bits(_ count: Int) throws(CodecError) -> UInt32 {
        precondition(count >= 0 && count <= 32, "BitReader reads at most 32 bits at once")
        try require(count)
        var value: UInt64 = 0
        for _ in 0..<count {
            let byte = bytes[position >> 3]
            value = value << 1 | UInt64(byte >> (7 - UInt8(position & 7)) & 1)
            position += 1
        }
        return UInt32(truncatingIfNeeded: value)
    }

    mutating func skip(_ count: Int) throws(CodecError) {
        try require(count)
        position += count
    }

    /// ue(v), unsigned Exp-Golomb (H.264 §9.1); at most 31 leading zeros (values < 2^32 - 1).
    mutating func ue() throws(CodecError) -> UInt32 {
        var leadingZeros = 0
        while try bits(1) == 0 {
            leadingZeros += 1
            guard leadingZeros < 32 else { throw .avcExpGolombOverflow }
        }
        let suffix = UInt64(try bits(leadingZeros))
        return UInt32((UInt64(1) << UInt64(leadingZeros)) - 1 + suffix)
    }

    /// se(v), signed Exp-Golomb (H.264 §9.1.1): 1, -1, 2, -2, ...
    mutating func se() throws(CodecError) -> Int {
        let code = Int(try ue())
        return code & 1 == 1 ? (code + 1) / 2 : -(code / 2)
    }
}
