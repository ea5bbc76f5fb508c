/// H.264 frames from FLV (AVCC: length-prefixed NAL units, ISO 14496-15 §5.3.4.2) to the byte
/// stream format MPEG-TS carries (H.264 Annex B), the way SRS writes HLS (srs-facts §8.3).
public enum AVCAnnexB {
    /// An access unit delimiter NAL unit: type 9, primary_pic_type 7 (any slice type).
    public static let accessUnitDelimiter: [UInt8] = [0x09, 0xF0]
    static let longStartCode: [UInt8] = [0x00, 0x00, 0x00, 0x01]
    static let shortStartCode: [UInt8] = [0x00, 0x00, 0x01]

    /// NAL unit types this conversion looks at (H.264 Table 7-1).
    enum NALType {
        static let idr: UInt8 = 5
        static let sps: UInt8 = 7
        static let pps: UInt8 = 8
        static let aud: UInt8 = 9
    }

    /// Collects the NAL units of an AVCC frame whose lengths are `lengthSize` bytes; empty NAL
    /// units are skipped. Throws when a length runs past the end or no NAL unit is found.
    public static func splitAVCC(_ frame: UnsafeRawBufferPointer, lengthSize: Int,
                                 into ranges: inout [Range<Int>]) throws(CodecError) {
        ranges.removeAll(keepingCapacity: true)
        guard lengthSize == 1 || lengthSize == 2 || lengthSize == 4 else {
            throw .avcUnsupportedNALULengthSize(lengthSize)
        }
        var offset = 0
        while offset < frame.count {
            guard frame.count - offset >= lengthSize else {
                throw .truncated(context: "avc nalu length", offset: offset, needed: lengthSize,
                                 available: frame.count - offset)
            }
            var length = 0
            for index in 0..<lengthSize { length = length << 8 | Int(frame[offset + index]) }
            offset += lengthSize
            guard length <= frame.count - offset else {
                throw .avcNALULengthPastEnd(offset: offset - lengthSize, length: length, available: frame.count - offset)
            }
            if length > 0 { ranges.append(offset..<offset + length) }
            offset += length
        }
        guard !ranges.isEmpty else { throw .avcEmptyFrame }
    }

    /// Whether `frame` begins with an Annex-B start code (a publisher sending Annex-B in FLV).
    public static func startsWithStartCode(_ frame: UnsafeRawBufferPointer) -> Bool {
        guard frame.count >= 3, frame[0] == 0, frame[1] == 0 else { return false }
        return frame[2] == 1 || (frame.count >= 4 && frame[2] == 0 && frame[3] == 1)
    }

    /// Collects the NAL units of an Annex-B frame (between start codes, trailing zeros dropped).
    public static func splitAnnexB(_ frame: UnsafeRawBufferPointer, into ranges: inout [Range<Int>]) throws(CodecError) {
        ranges.removeAll(keepingCapacity: true)
        var start: Int?
        var index = 0
        while index + 2 < frame.count {
            if frame[index] == 0 && frame[index + 1] == 0 && frame[index + 2] == 1 {
                if let begin = start { appendTrimmed(begin..<index, of: frame, to: &ranges) }
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        if let begin = start { appendTrimmed(begin..<frame.count, of: frame, to: &ranges) }
        guard !ranges.isEmpty else { throw .avcEmptyFrame }
    }

    private static func appendTrimmed(_ range: Range<Int>, of frame: UnsafeRawBufferPointer, to ranges: inout [Range<Int>]) {
        var end = range.upperBound
        while end > range.lowerBound && frame[end - 1] == 0 { end -= 1 }
        if end > range.lowerBound { ranges.append(range.lowerBound..<end) }
    }

    /// Appends the NAL units `ranges` of `frame` in Annex-B form: an AUD first unless the frame has
    /// one, the sequence header's SPS/PPS before the first IDR slice unless the frame carries
    /// parameter sets, a 4-byte start code for the first NAL unit and 3-byte codes after it.
    public static func append(_ ranges: [Range<Int>], of frame: UnsafeRawBufferPointer,
                              config: AVCDecoderConfigurationRecord, to out: inout [UInt8]) {
        var hasAUD = false
        var hasParameterSets = false
        var size = 6 + ranges.count * 3
        for range in ranges {
            let type = frame[range.lowerBound] & 0x1F
            if type == NALType.aud { hasAUD = true }
            if type == NALType.sps || type == NALType.pps { hasParameterSets = true }
            size += range.count
        }
        for set in config.sequenceParameterSets { size += 4 + set.count }
        for set in config.pictureParameterSets { size += 4 + set.count }
        if out.capacity < out.count + size { out.reserveCapacity(max(out.count + size, out.capacity * 2)) }

        var first = true
        if !hasAUD {
            out.append(contentsOf: longStartCode)
            out.append(contentsOf: accessUnitDelimiter)
            first = false
        }
        var parameterSetsInserted = hasParameterSets
        for range in ranges {
            if !parameterSetsInserted && frame[range.lowerBound] & 0x1F == NALType.idr {
                // SRS compat: parameter sets always get 4-byte start codes.
                for sets in [config.sequenceParameterSets, config.pictureParameterSets] {
                    for set in sets where !set.isEmpty {
                        out.append(contentsOf: longStartCode)
                        out.append(contentsOf: set)
                        first = false
                    }
                }
                parameterSetsInserted = true
            }
            out.append(contentsOf: first ? longStartCode : shortStartCode)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: frame[range]))
            first = false
        }
    }

    /// Converts a whole AVCC frame (tests, tools); the muxer uses the split/append pair.
    public static func convert(avcc frame: [UInt8], config: AVCDecoderConfigurationRecord) throws(CodecError) -> [UInt8] {
        var ranges: [Range<Int>] = []
        var out: [UInt8] = []
        let result: Result<Void, CodecError> = frame.withUnsafeBytes { raw in
            do throws(CodecError) {
                try splitAVCC(raw, lengthSize: config.naluLengthSize, into: &ranges)
            } catch {
                return .failure(error)
            }
            append(ranges, of: raw, config: config, to: &out)
            return .success(())
        }
        try result.get()
        return out
    }
}
