import Core

/// Every failure of the Codec module (AMF0, FLV, AVC, AAC, MPEG-TS), with the data needed to report it.
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `needed` more bytes were wanted at `offset` of the `context` structure; `available` were left.
    case truncated(context: String, offset: Int, needed: Int, available: Int)

    // AMF0 / AMF3
    /// An AMF0 type marker outside the spec's table (AMF0 §2.1).
    case amf0UnknownMarker(UInt8)
    /// A reserved or unsupported AMF0 type (movieclip, unsupported, recordset).
    case amf0UnsupportedMarker(UInt8)
    /// An object-end marker (0x09) where a value was expected.
    case amf0UnexpectedObjectEnd(offset: Int)
    /// Objects/arrays nested deeper than the decoder's limit.
    case amf0NestingTooDeep(limit: Int)
    /// A strict-array count larger than the bytes left could possibly hold.
    case amf0CountExceedsInput(count: UInt32, remaining: Int)
    /// An AMF3 type other than undefined/null/boolean/integer/double/string (AMF3 §3.1).
    case amf3UnsupportedMarker(UInt8)
    /// An AMF3 string sent by reference; only inline strings are supported.
    case amf3StringReference(index: Int)

    // FLV
    /// The file does not start with "FLV".
    case flvBadSignature([UInt8])
    /// An FLV version other than 1.
    case flvUnsupportedVersion(UInt8)
    /// A header DataOffset smaller than the 9-byte header.
    case flvBadDataOffset(UInt32)
    /// A tag type other than audio (8), video (9) or script data (18).
    case flvUnknownTagType(UInt8)
    /// A PreviousTagSize that does not equal 11 + the previous tag's DataSize.
    case flvPreviousTagSizeMismatch(expected: UInt32, actual: UInt32)
    /// An empty audio/video tag body (no tag header byte).
    case flvEmptyTagBody
    /// A tag type byte with one of its two reserved high bits set: the stream is corrupt or out of sync.
    case flvReservedTagBits(UInt8)
    /// A tag with the Filter bit set (FLV spec v10 §E.4.1): encrypted content is not supported.
    case flvEncryptedTag
    /// A tag whose DataSize exceeds the demuxer's limit.
    case flvTagTooLarge(dataSize: Int, limit: Int)

    // AVC
    /// An avcC lengthSizeMinusOne of 2 (3-byte NALU lengths are not allowed, ISO 14496-15 §5.2.4.1).
    case avcUnsupportedNALULengthSize(Int)
    /// A NAL unit that should be an SPS (type 7) but has another type.
    case avcNotSPS(nalType: UInt8)
    /// An Exp-Golomb code with more than 31 leading zeros (H.264 §9.1).
    case avcExpGolombOverflow
    /// An SPS syntax element outside its legal range (H.264 §7.4.2.1.1).
    case avcSPSValueOutOfRange(field: String, value: Int)
    /// An avcC with no SPS.
    case avcMissingSPS

    // AAC
    /// A reserved samplingFrequencyIndex (13 or 14, ISO 14496-3 §1.6.3.4).
    case aacReservedSampleRateIndex(Int)
    /// An ADTS frame longer than the 13-bit frame_length can describe.
    case adtsFrameTooLarge(payloadLength: Int)
    /// A sample rate with no ADTS samplingFrequencyIndex (explicit frequencies cannot be signalled).
    case adtsUnsupportedSampleRate(Int)
    /// A channel configuration that does not fit ADTS's 3-bit field.
    case adtsUnsupportedChannelConfiguration(Int)

    // MPEG-TS
    /// A coded frame arrived before the sequence header that describes it ("video" or "audio").
    case tsMissingSequenceHeader(track: String)
    /// A NALU length prefix runs past the end of the frame (ISO 14496-15 §5.3.4.2.1).
    case avcNALULengthPastEnd(offset: Int, length: Int, available: Int)
    /// A video frame with no NAL unit in it.
    case avcEmptyFrame

    public var description: String {
        switch self {
        case let .truncated(context, offset, needed, available):
            return "\(context): truncated at offset \(offset): need \(needed) bytes, have \(available)"
        case let .amf0UnknownMarker(marker):
            return "amf0: unknown marker 0x\(hex(marker))"
        case let .amf0UnsupportedMarker(marker):
            return "amf0: unsupported marker 0x\(hex(marker))"
        case let .amf0UnexpectedObjectEnd(offset):
            return "amf0: unexpected object end at offset \(offset)"
        case let .amf0NestingTooDeep(limit):
            return "amf0: nesting deeper than \(limit)"
        case let .amf0CountExceedsInput(count, remaining):
            return "amf0: array count \(count) exceeds the \(remaining) bytes left"
        case let .amf3UnsupportedMarker(marker):
            return "amf3: unsupported marker 0x\(hex(marker))"
        case let .amf3StringReference(index):
            return "amf3: string reference \(index) not supported"
        case let .flvBadSignature(bytes):
            return "flv: bad signature \(bytes.map(hex).joined(separator: " "))"
        case let .flvUnsupportedVersion(version):
            return "flv: unsupported version \(version)"
        case let .flvBadDataOffset(offset):
            return "flv: bad header data offset \(offset)"
        case let .flvUnknownTagType(type):
            return "flv: unknown tag type \(type)"
        case let .flvPreviousTagSizeMismatch(expected, actual):
            return "flv: previous tag size \(actual), expected \(expected)"
        case .flvEmptyTagBody:
            return "flv: empty tag body"
        case let .flvReservedTagBits(byte):
            return "flv: reserved bits set in tag type byte 0x\(hex(byte))"
        case .flvEncryptedTag:
            return "flv: encrypted tag (filter bit set) not supported"
        case let .flvTagTooLarge(dataSize, limit):
            return "flv: tag of \(dataSize) bytes exceeds limit \(limit)"
        case let .avcUnsupportedNALULengthSize(size):
            return "avc: unsupported NALU length size \(size)"
        case let .avcNotSPS(nalType):
            return "avc: NAL unit type \(nalType) is not an SPS"
        case .avcExpGolombOverflow:
            return "avc: exp-golomb code longer than 32 bits"
        case let .avcSPSValueOutOfRange(field, value):
            return "avc: sps \(field)=\(value) out of range"
        case .avcMissingSPS:
            return "avc: decoder configuration has no SPS"
        case let .aacReservedSampleRateIndex(index):
            return "aac: reserved sampling frequency index \(index)"
        case let .adtsFrameTooLarge(payloadLength):
            return "adts: payload of \(payloadLength) bytes exceeds the 13-bit frame length"
        case let .adtsUnsupportedSampleRate(rate):
            return "adts: sample rate \(rate) has no sampling frequency index"
        case let .adtsUnsupportedChannelConfiguration(configuration):
            return "adts: channel configuration \(configuration) does not fit 3 bits"
        case let .tsMissingSequenceHeader(track):
            return "ts: \(track) frame before its sequence header"
        case let .avcNALULengthPastEnd(offset, length, available):
            return "avc: NALU at offset \(offset) claims \(length) bytes, only \(available) left"
        case .avcEmptyFrame:
            return "avc: frame has no NAL units"
        }
    }
}

extension CodecError {
    /// Maps a `ByteReader` failure (always a truncation) into the codec's error type.
    init(_ error: any Error, context: String) {
        if case let ByteReaderError.truncated(offset, needed, available)? = error as? ByteReaderError {
            self = .truncated(context: context, offset: offset, needed: needed, available: available)
        } else {
            self = .truncated(context: context, offset: -1, needed: 0, available: 0)
        }
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
