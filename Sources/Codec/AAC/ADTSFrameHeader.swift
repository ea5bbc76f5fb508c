/// The ADTS header of one AudioSpecificConfig, validated once and then stamped in front of every
/// raw frame without allocating (HTTP-AAC writes it per frame and per player).
///
/// Layout (ISO 13818-7 §6.2.1): syncword 0xFFF, ID 1 (MPEG-2), layer 0, protection_absent 1 (so
/// the bytes start `ff f9`), profile, sampling index, private 0, channels, original/home 0,
/// copyright bits 0, frame_length (header included), buffer fullness 0x7FF, one raw data block.
public struct ADTSFrameHeader: Equatable, Sendable {
    public let config: AudioSpecificConfig
    /// profile, sampling_frequency_index, private_bit, channel_configuration's high bit.
    private let profileByte: UInt8
    /// channel_configuration's low two bits, in place (the rest of the byte is frame length).
    private let channelBits: UInt8

    public init(config: AudioSpecificConfig) throws(CodecError) {
        guard config.channelConfiguration <= 7 else {
            throw .adtsUnsupportedChannelConfiguration(Int(config.channelConfiguration))
        }
        let index = try Self.samplingIndex(config)
        let channels = config.channelConfiguration
        self.config = config
        profileByte = ADTSHeader.profile(objectType: config.objectType) << 6 | index << 2 | channels >> 2 & 0x01
        channelBits = (channels & 0x03) << 6
    }

    /// Whether a raw frame of `payloadLength` bytes fits the 13-bit frame length.
    @inline(__always)
    public static func fits(payloadLength: Int) -> Bool {
        payloadLength >= 0 && payloadLength <= ADTSHeader.maxPayloadLength
    }

    /// Writes the 7 header bytes at `p`; the length must fit (`fits(payloadLength:)`).
    @inline(__always)
    public func write(payloadLength: Int, into p: UnsafeMutableRawPointer) {
        precondition(Self.fits(payloadLength: payloadLength), "ADTS payload length \(payloadLength) out of range")
        let frameLength = UInt32(payloadLength + ADTSHeader.size)
        p.storeBytes(of: UInt8(0xFF), toByteOffset: 0, as: UInt8.self)
        p.storeBytes(of: UInt8(0xF9), toByteOffset: 1, as: UInt8.self)
        p.storeBytes(of: profileByte, toByteOffset: 2, as: UInt8.self)
        p.storeBytes(of: channelBits | UInt8(frameLength >> 11 & 0x03), toByteOffset: 3, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: frameLength >> 3), toByteOffset: 4, as: UInt8.self)
        p.storeBytes(of: UInt8(truncatingIfNeeded: frameLength & 0x07) << 5 | 0x1F, toByteOffset: 5, as: UInt8.self)
        p.storeBytes(of: UInt8(0xFC), toByteOffset: 6, as: UInt8.self)
    }

    /// Appends the 7 header bytes; the length must fit (`fits(payloadLength:)`).
    public func append(payloadLength: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: ADTSHeader.size))
        bytes.withUnsafeMutableBytes { buffer in
            write(payloadLength: payloadLength, into: buffer.baseAddress! + start)
        }
    }

    /// ADTS has no explicit frequency: an index-15 config maps only if its rate is in the table.
    private static func samplingIndex(_ config: AudioSpecificConfig) throws(CodecError) -> UInt8 {
        if config.samplingFrequencyIndex < 13 { return config.samplingFrequencyIndex }
        guard let index = AudioSpecificConfig.sampleRates.firstIndex(of: config.sampleRate) else {
            throw .adtsUnsupportedSampleRate(config.sampleRate)
        }
        return UInt8(index)
    }
}
