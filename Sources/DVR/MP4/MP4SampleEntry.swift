import Codec

/// The codec a track carries, as its stsd entry describes it (ISO/IEC 14496-12 §8.5.2).
enum MP4SampleEntry: Equatable, Sendable {
    /// `avc1` + `avcC` (ISO/IEC 14496-15 §5.3.4): the AVCDecoderConfigurationRecord of the FLV
    /// sequence header, as it came; the size from its first SPS (0×0 if that does not parse).
    case avc(config: [UInt8], width: Int, height: Int)
    /// `mp4a` + `esds` (ISO/IEC 14496-14 §5.6): the AudioSpecificConfig of the FLV sequence header.
    case aac(config: [UInt8], channels: Int, sampleRate: Int)

    /// Parses an FLV AVC sequence header body after its 5-byte tag header.
    static func avc(parsing config: [UInt8]) throws(CodecError) -> MP4SampleEntry {
        let record = try AVCDecoderConfigurationRecord(parsing: config)
        // The picture size is informative (players read the SPS themselves): an SPS this parser
        // does not understand still records.
        let sps: AVCSequenceParameterSet?
        do {
            sps = try record.firstSPS()
        } catch {
            sps = nil
        }
        return .avc(config: config, width: sps?.width ?? 0, height: sps?.height ?? 0)
    }

    /// Parses an FLV AAC sequence header body after its 2-byte tag header.
    static func aac(parsing config: [UInt8]) throws(CodecError) -> MP4SampleEntry {
        let asc = try AudioSpecificConfig(parsing: config)
        return .aac(config: config, channels: asc.channels, sampleRate: asc.sampleRate)
    }

    /// Writes the sample entry box.
    func write(to writer: inout MP4BoxWriter) {
        switch self {
        case let .avc(config, width, height):
            writer.box("avc1") { entry in
                entry.zeros(6)
                entry.u16(1) // data_reference_index
                entry.zeros(16) // pre_defined, reserved, pre_defined[3]
                entry.u16(UInt16(clamping: width))
                entry.u16(UInt16(clamping: height))
                entry.u32(0x0048_0000) // 72 dpi
                entry.u32(0x0048_0000)
                entry.u32(0)
                entry.u16(1) // frame_count
                entry.zeros(32) // compressorname
                entry.u16(0x0018) // depth
                entry.u16(0xFFFF) // pre_defined = -1
                entry.box("avcC") { $0.append(config) }
            }
        case let .aac(config, channels, sampleRate):
            writer.box("mp4a") { entry in
                entry.zeros(6)
                entry.u16(1) // data_reference_index
                entry.zeros(8)
                entry.u16(UInt16(clamping: channels))
                entry.u16(16) // samplesize
                entry.zeros(4) // pre_defined, reserved
                // 16.16 fixed point; rates above 65535 Hz do not fit and are left to the ASC.
                entry.u32(sampleRate <= 0xFFFF ? UInt32(sampleRate) << 16 : 0)
                entry.fullBox("esds") { esds in Self.writeESDescriptor(config, to: &esds) }
            }
        }
    }

    /// ES_Descriptor (ISO/IEC 14496-1 §7.2.6.5) with a DecoderConfigDescriptor for MPEG-4 audio
    /// (objectTypeIndication 0x40, streamType 5) carrying the AudioSpecificConfig, and the MP4
    /// SLConfigDescriptor (predefined 2).
    private static func writeESDescriptor(_ config: [UInt8], to writer: inout MP4BoxWriter) {
        writer.descriptor(0x03) { es in
            es.u16(0) // ES_ID
            es.u8(0) // no dependency, URL or OCR stream
            es.descriptor(0x04) { decoder in
                decoder.u8(0x40)
                decoder.u8(0x05 << 2 | 0x01) // streamType audio, upStream 0, reserved 1
                decoder.u24(0) // bufferSizeDB
                decoder.u32(0) // maxBitrate
                decoder.u32(0) // avgBitrate
                decoder.descriptor(0x05) { $0.append(config) }
            }
            es.descriptor(0x06) { $0.u8(0x02) }
        }
    }
}
