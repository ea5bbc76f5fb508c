/// Just enough MPEG-TS reading to check what the muxer wrote (the thorough parser lives in
/// CodecTests/TS).
struct TSInspector {
    struct PES {
        var pid: UInt16
        var hasPCR: Bool
        var pts: Int64
        var payload: [UInt8]
    }

    let bytes: [UInt8]

    var isPacketAligned: Bool {
        bytes.count % 188 == 0 && stride(from: 0, to: bytes.count, by: 188).allSatisfy { bytes[$0] == 0x47 }
    }

    /// PIDs in order of appearance of each packet.
    var pids: [UInt16] {
        stride(from: 0, to: bytes.count, by: 188).map { UInt16(bytes[$0 + 1] & 0x1F) << 8 | UInt16(bytes[$0 + 2]) }
    }

    /// The PCR_PID of the first PMT.
    var pcrPID: UInt16? {
        guard let index = pids.firstIndex(of: 0x1001) else { return nil }
        let section = 188 * index + 5
        return UInt16(bytes[section + 8] & 0x1F) << 8 | UInt16(bytes[section + 9])
    }

    /// The PES packets of `pid`, reassembled.
    func pes(_ pid: UInt16) -> [PES] {
        var result: [PES] = []
        var current: PES?
        var buffer: [UInt8] = []
        func finish() {
            guard var pes = current, buffer.count >= 14 else { return }
            let headerLength = Int(buffer[8])
            let b = buffer
            pes.pts = Int64(b[9] >> 1 & 0x07) << 30 | Int64(b[10]) << 22 | Int64(b[11] >> 1) << 15
                | Int64(b[12]) << 7 | Int64(b[13] >> 1)
            pes.payload = Array(buffer[(9 + headerLength)...])
            result.append(pes)
        }
        for offset in stride(from: 0, to: bytes.count, by: 188) {
            let packetPID = UInt16(bytes[offset + 1] & 0x1F) << 8 | UInt16(bytes[offset + 2])
            guard packetPID == pid else { continue }
            var start = offset + 4
            var hasPCR = false
            if bytes[offset + 3] & 0x20 != 0 {
                hasPCR = bytes[offset + 4] > 0 && bytes[offset + 5] & 0x10 != 0
                start += 1 + Int(bytes[offset + 4])
            }
            if bytes[offset + 1] & 0x40 != 0 {
                finish()
                current = PES(pid: pid, hasPCR: hasPCR, pts: 0, payload: [])
                buffer = []
            }
            buffer.append(contentsOf: bytes[start..<offset + 188])
        }
        finish()
        return result
    }

    /// The number of ADTS frames in `payload`, walking frame_length (nil if the chain breaks).
    static func adtsFrameCount(_ payload: [UInt8]) -> Int? {
        var offset = 0
        var count = 0
        while offset < payload.count {
            guard payload.count - offset >= 7, payload[offset] == 0xFF, payload[offset + 1] & 0xF0 == 0xF0 else { return nil }
            let length = Int(payload[offset + 3] & 0x03) << 11 | Int(payload[offset + 4]) << 3 | Int(payload[offset + 5] >> 5)
            guard length >= 7 else { return nil }
            offset += length
            count += 1
        }
        return offset == payload.count ? count : nil
    }
}
