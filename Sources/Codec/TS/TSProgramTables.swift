import Core

/// PAT and PMT sections for SRS's single program (ISO 13818-1 §2.4.4.3, §2.4.4.8).
public enum TSProgramTables {
    /// The PAT section: program 1 → PMT PID 0x1001, followed by its CRC.
    public static func patSection() -> [UInt8] {
        var section: [UInt8] = []
        section.reserveCapacity(16)
        section.append(0x00)  // table_id: program_association_section
        // section_syntax_indicator 1, '0', reserved '11', section_length (12 bits):
        // 5 header bytes after the length + 4 per program + 4 CRC.
        section.appendUInt16(0xB000 | 13)
        section.appendUInt16(TSPacket.transportStreamID)
        section.append(0xC1)  // reserved '11', version_number 0, current_next_indicator 1
        section.append(0x00)  // section_number
        section.append(0x00)  // last_section_number
        section.appendUInt16(TSPacket.programNumber)
        section.appendUInt16(0xE000 | TSPacket.pmtPID)  // reserved '111', program_map_PID
        section.appendUInt32(CRC32MPEG2.checksum(section))
        return section
    }

    /// The PMT section listing `streams` (in order) with `version` (5 bits); PCR_PID is the video
    /// PID when video is present, else the first stream's (srs-facts §8.3).
    public static func pmtSection(streams: [TSStream], version: UInt8) -> [UInt8] {
        var section: [UInt8] = []
        section.reserveCapacity(16 + 5 * streams.count)
        section.append(0x02)  // table_id: TS_program_map_section
        section.appendUInt16(0xB000 | UInt16(9 + 5 * streams.count + 4))
        section.appendUInt16(TSPacket.programNumber)
        section.append(0xC1 | (version & 0x1F) << 1)
        section.append(0x00)  // section_number
        section.append(0x00)  // last_section_number
        section.appendUInt16(0xE000 | pcrPID(streams))
        section.appendUInt16(0xF000)  // reserved '1111', program_info_length 0
        for stream in streams {
            section.append(stream.streamType)
            section.appendUInt16(0xE000 | stream.pid)
            section.appendUInt16(0xF000)  // reserved '1111', ES_info_length 0
        }
        section.appendUInt32(CRC32MPEG2.checksum(section))
        return section
    }

    /// The PID that carries the PCR for a program of `streams`.
    public static func pcrPID(_ streams: [TSStream]) -> UInt16 {
        if streams.contains(.h264) { return TSStream.h264.pid }
        return streams.first?.pid ?? 0x1FFF
    }
}
