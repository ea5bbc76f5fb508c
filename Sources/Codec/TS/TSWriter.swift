import Core

/// Packs PAT/PMT sections and PES packets into 188-byte transport packets (ISO 13818-1 §2.4.3),
/// keeping one continuity counter per PID across segments.
///
/// A pure value: bytes are appended to a caller-owned `[UInt8]`; nothing touches files.
public struct TSWriter {
    /// The streams the next PMT declares, in PMT order.
    public private(set) var program: [TSStream] = []
    /// Counters for PAT, PMT, H.264, AAC, MP3 (see `counterIndex`).
    private var counters: [UInt8] = [0, 0, 0, 0, 0]
    /// The program of the last PMT written, to bump the version when it changes.
    private var lastWrittenProgram: [TSStream]?
    private var pmtVersion: UInt8 = 0
    /// PAT/PMT must be written before the next PES.
    private var tablesPending = true

    public init() {}

    /// Starts a new segment: PAT and a PMT for `streams` precede its first PES (srs-facts §8.3).
    public mutating func startSegment(streams: [TSStream]) {
        program = TSWriter.ordered(streams)
        tablesPending = true
    }

    /// Adds `stream` to the program; a PMT that already went out without it is written again.
    public mutating func declare(_ stream: TSStream) {
        guard !program.contains(stream) else { return }
        program = TSWriter.ordered(program + [stream])
        tablesPending = true
    }

    /// The continuity counter the next packet on `pid` will carry.
    public func nextContinuityCounter(pid: UInt16) -> UInt8 { counters[TSWriter.counterIndex(pid)] }

    /// Appends PAT + PMT now (normally done lazily before the first PES of a segment).
    public mutating func writeProgramTables(to out: inout [UInt8]) {
        if let last = lastWrittenProgram, last != program { pmtVersion = (pmtVersion + 1) & 0x1F }
        lastWrittenProgram = program
        TSWriter.reserve(&out, 2 * TSPacket.size)
        writeSection(TSProgramTables.patSection(), pid: TSPacket.patPID, to: &out)
        writeSection(TSProgramTables.pmtSection(streams: program, version: pmtVersion), pid: TSPacket.pmtPID, to: &out)
        tablesPending = false
    }

    /// Appends one PES carrying `payload` for `frame`. A PCR rides on the first packet of a video
    /// keyframe, or of every audio PES when the program has no video (srs-facts §8.3).
    public mutating func writePES(_ frame: TSFrame, payload: [UInt8], to out: inout [UInt8]) {
        declare(frame.stream)
        if tablesPending { writeProgramTables(to: &out) }
        let withPCR = frame.stream.isVideo ? frame.isKeyframe : !program.contains(.h264)
        let header = TSWriter.pesHeader(frame, payloadCount: payload.count)
        let pid = frame.stream.pid
        let index = TSWriter.counterIndex(pid)
        TSWriter.reserve(&out, (payload.count / 184 + 2) * TSPacket.size)
        payload.withUnsafeBytes { raw in
            var offset = 0
            var first = true
            while first || offset < raw.count {
                // Adaptation field bytes (length byte included) carrying the PCR.
                let pcrField = first && withPCR ? 8 : 0
                let headerBytes = first ? header.count : 0
                let room = 184 - pcrField - headerBytes
                let chunk = min(room, raw.count - offset)
                let stuffing = room - chunk
                let hasAdaptation = pcrField > 0 || stuffing > 0
                out.append(TSPacket.syncByte)
                out.append((first ? 0x40 : 0) | UInt8(pid >> 8 & 0x1F))
                out.append(UInt8(pid & 0xFF))
                out.append((hasAdaptation ? 0x30 : 0x10) | counters[index])
                counters[index] = (counters[index] + 1) & 0x0F
                if pcrField > 0 {
                    out.append(UInt8(7 + stuffing))
                    out.append(0x10)  // PCR_flag
                    TSWriter.appendPCR(frame.dts, to: &out)
                    TSWriter.appendStuffing(stuffing, to: &out)
                } else if stuffing > 0 {
                    out.append(UInt8(stuffing - 1))  // adaptation_field_length
                    if stuffing > 1 {
                        out.append(0x00)  // no flags
                        TSWriter.appendStuffing(stuffing - 2, to: &out)
                    }
                }
                if first { out.append(contentsOf: header) }
                if chunk > 0 { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + chunk])) }
                offset += chunk
                first = false
            }
        }
    }

    /// A PSI section in one packet: pointer_field 0, the section, 0xFF padding.
    private mutating func writeSection(_ section: [UInt8], pid: UInt16, to out: inout [UInt8]) {
        let index = TSWriter.counterIndex(pid)
        out.append(TSPacket.syncByte)
        out.append(0x40 | UInt8(pid >> 8 & 0x1F))
        out.append(UInt8(pid & 0xFF))
        out.append(0x10 | counters[index])
        counters[index] = (counters[index] + 1) & 0x0F
        out.append(0x00)  // pointer_field
        out.append(contentsOf: section)
        TSWriter.appendStuffing(TSPacket.size - 5 - section.count, to: &out)
    }

    /// The PES header (ISO 13818-1 §2.4.3.6): start code, stream_id, PES_packet_length (0 when it
    /// would exceed 16 bits), '10' flags byte, PTS or PTS+DTS.
    static func pesHeader(_ frame: TSFrame, payloadCount: Int) -> [UInt8] {
        let hasDTS = frame.dts != frame.pts
        let dataLength = hasDTS ? 10 : 5
        let packetLength = 3 + dataLength + payloadCount
        var header: [UInt8] = [0x00, 0x00, 0x01, frame.stream.streamID]
        header.reserveCapacity(9 + dataLength)
        header.appendUInt16(packetLength > 0xFFFF ? 0 : UInt16(packetLength))
        header.append(0x80)  // '10', not scrambled, priority 0, data_alignment 0, copyright 0, copy 0
        header.append(hasDTS ? 0xC0 : 0x80)
        header.append(UInt8(dataLength))
        appendTimestamp(frame.pts, prefix: hasDTS ? 0x3 : 0x2, to: &header)
        if hasDTS { appendTimestamp(frame.dts, prefix: 0x1, to: &header) }
        return header
    }

    /// A 33-bit PTS/DTS in 5 bytes with marker bits (ISO 13818-1 §2.4.3.7).
    static func appendTimestamp(_ value: Int64, prefix: UInt8, to out: inout [UInt8]) {
        let ts = UInt64(bitPattern: value) & 0x1_FFFF_FFFF
        out.append(prefix << 4 | UInt8(ts >> 29 & 0x0E) | 1)
        out.append(UInt8(ts >> 22 & 0xFF))
        out.append(UInt8(ts >> 14 & 0xFE) | 1)
        out.append(UInt8(ts >> 7 & 0xFF))
        out.append(UInt8(ts << 1 & 0xFE) | 1)
    }

    /// program_clock_reference: 33-bit base, 6 reserved bits, 9-bit extension 0 (§2.4.3.5).
    static func appendPCR(_ value: Int64, to out: inout [UInt8]) {
        let base = UInt64(bitPattern: value) & 0x1_FFFF_FFFF
        out.append(UInt8(base >> 25 & 0xFF))
        out.append(UInt8(base >> 17 & 0xFF))
        out.append(UInt8(base >> 9 & 0xFF))
        out.append(UInt8(base >> 1 & 0xFF))
        out.append(UInt8(base << 7 & 0x80) | 0x7E)
        out.append(0x00)
    }

    private static func appendStuffing(_ count: Int, to out: inout [UInt8]) {
        if count > 0 { out.append(contentsOf: repeatElement(0xFF as UInt8, count: count)) }
    }

    /// Grows capacity geometrically (exact `reserveCapacity` calls would copy on every frame).
    private static func reserve(_ out: inout [UInt8], _ extra: Int) {
        let needed = out.count + extra
        if out.capacity < needed { out.reserveCapacity(max(needed, out.capacity * 2)) }
    }

    private static func counterIndex(_ pid: UInt16) -> Int {
        switch pid {
        case TSPacket.patPID: return 0
        case TSPacket.pmtPID: return 1
        case TSStream.h264.pid: return 2
        case TSStream.aac.pid: return 3
        default: return 4
        }
    }

    private static func ordered(_ streams: [TSStream]) -> [TSStream] {
        TSStream.allCases.filter { streams.contains($0) }
    }
}
