/// A small, independent MPEG-TS reader for the tests (ISO 13818-1 §2.4.3): packets, PSI
/// sections and PES reassembly, written without looking at the muxer's code paths.
struct TSTestParser {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Packet {
        var pid: UInt16
        var payloadUnitStart: Bool
        var continuityCounter: UInt8
        var hasPayload: Bool
        /// adaptation_field_length, when present.
        var adaptationLength: Int?
        var adaptationFlags: UInt8?
        /// PCR base (90 kHz) and extension, when PCR_flag is set.
        var pcrBase: Int64?
        var pcrExtension: Int?
        var payload: [UInt8]
    }

    struct PES {
        var pid: UInt16
        var streamID: UInt8
        var packetLength: Int
        var ptsDtsFlags: UInt8
        var headerDataLength: Int
        var pts: Int64?
        var dts: Int64?
        var payload: [UInt8]
        /// The PCR of the PES's first packet, if it carried one.
        var pcrBase: Int64?
    }

    /// Splits `bytes` into packets, checking sync bytes and the adaptation field layout.
    static func packets(_ bytes: [UInt8]) throws -> [Packet] {
        guard bytes.count % 188 == 0 else { throw Failure(description: "length \(bytes.count) is not a multiple of 188") }
        var packets: [Packet] = []
        var offset = 0
        while offset < bytes.count {
            let p = Array(bytes[offset..<offset + 188])
            guard p[0] == 0x47 else { throw Failure(description: "no sync byte at \(offset)") }
            let pid = UInt16(p[1] & 0x1F) << 8 | UInt16(p[2])
            let control = p[3] >> 4 & 0x03
            var packet = Packet(pid: pid, payloadUnitStart: p[1] & 0x40 != 0, continuityCounter: p[3] & 0x0F,
                                hasPayload: control & 0x01 != 0, payload: [])
            var index = 4
            if control & 0x02 != 0 {
                let length = Int(p[4])
                guard 5 + length <= 188 else { throw Failure(description: "adaptation field too long at \(offset)") }
                packet.adaptationLength = length
                if length > 0 {
                    let flags = p[5]
                    packet.adaptationFlags = flags
                    if flags & 0x10 != 0 {
                        var base: Int64 = 0
                        for i in 0..<4 { base = base << 8 | Int64(p[6 + i]) }
                        base = base << 1 | Int64(p[10] >> 7)
                        packet.pcrBase = base
                        packet.pcrExtension = Int(p[10] & 0x01) << 8 | Int(p[11])
                        guard p[10] & 0x7E == 0x7E else { throw Failure(description: "PCR reserved bits not set") }
                    }
                }
                index = 5 + length
            }
            if packet.hasPayload { packet.payload = Array(p[index...]) }
            packets.append(packet)
            offset += 188
        }
        return packets
    }

    /// The PSI section in a packet with pointer_field 0, cut to its section_length.
    static func section(_ packet: Packet) throws -> [UInt8] {
        guard packet.payloadUnitStart, packet.payload.first == 0 else { throw Failure(description: "no section start") }
        let body = Array(packet.payload.dropFirst())
        let length = Int(body[1] & 0x0F) << 8 | Int(body[2])
        guard 3 + length <= body.count else { throw Failure(description: "section longer than packet") }
        return Array(body[0..<3 + length])
    }

    /// Reassembles the PES packets of `pid`.
    static func pes(_ packets: [Packet], pid: UInt16) throws -> [PES] {
        var result: [PES] = []
        var buffer: [UInt8] = []
        var pcr: Int64?
        var started = false
        func finish() throws {
            guard started else { return }
            result.append(try parsePES(buffer, pid: pid, pcr: pcr))
        }
        for packet in packets where packet.pid == pid {
            if packet.payloadUnitStart {
                try finish()
                buffer = []
                pcr = packet.pcrBase
                started = true
            }
            buffer.append(contentsOf: packet.payload)
        }
        try finish()
        return result
    }

    private static func parsePES(_ bytes: [UInt8], pid: UInt16, pcr: Int64?) throws -> PES {
        guard bytes.count >= 9, bytes[0] == 0, bytes[1] == 0, bytes[2] == 1 else {
            throw Failure(description: "PES start code missing on pid \(pid)")
        }
        let flags = bytes[7] >> 6
        let headerLength = Int(bytes[8])
        var pes = PES(pid: pid, streamID: bytes[3], packetLength: Int(bytes[4]) << 8 | Int(bytes[5]),
                      ptsDtsFlags: flags, headerDataLength: headerLength, payload: Array(bytes[(9 + headerLength)...]),
                      pcrBase: pcr)
        guard bytes[6] >> 6 == 0x02 else { throw Failure(description: "PES '10' marker missing") }
        if flags & 0x02 != 0 { pes.pts = try timestamp(bytes, 9, prefix: flags == 0x03 ? 0x3 : 0x2) }
        if flags == 0x03 { pes.dts = try timestamp(bytes, 14, prefix: 0x1) }
        if pes.packetLength != 0 && pes.packetLength != bytes.count - 6 {
            throw Failure(description: "PES_packet_length \(pes.packetLength) but \(bytes.count - 6) bytes follow")
        }
        return pes
    }

    private static func timestamp(_ b: [UInt8], _ i: Int, prefix: UInt8) throws -> Int64 {
        guard b[i] >> 4 == prefix, b[i] & 1 == 1, b[i + 2] & 1 == 1, b[i + 4] & 1 == 1 else {
            throw Failure(description: "bad PTS/DTS prefix or marker bits at \(i)")
        }
        var value = Int64(b[i] >> 1 & 0x07) << 30
        value |= Int64(b[i + 1]) << 22 | Int64(b[i + 2] >> 1) << 15
        value |= Int64(b[i + 3]) << 7 | Int64(b[i + 4] >> 1)
        return value
    }

    /// CRC-32/MPEG-2 computed bit by bit (no table), independent of the muxer's implementation.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            for bit in 0..<8 {
                let inBit = UInt32(byte >> (7 - bit) & 1)
                let top = crc >> 31
                crc <<= 1
                if top ^ inBit == 1 { crc ^= 0x04C1_1DB7 }
            }
        }
        return crc
    }

    /// Every PID's continuity counters step by one (mod 16) from packet to packet.
    static func continuityBreaks(_ packets: [Packet], after previous: [UInt16: UInt8] = [:]) -> [String] {
        var last = previous
        var breaks: [String] = []
        for (index, packet) in packets.enumerated() {
            if let before = last[packet.pid], packet.continuityCounter != (before + 1) & 0x0F {
                breaks.append("pid \(packet.pid) packet \(index): cc \(packet.continuityCounter) after \(before)")
            }
            last[packet.pid] = packet.continuityCounter
        }
        return breaks
    }
}
