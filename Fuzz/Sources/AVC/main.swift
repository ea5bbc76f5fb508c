import Core
import FuzzSupport
import Codec

/// H.264 from a publisher: the avcC of its sequence header, the SPS inside it, and frames turned
/// from AVCC (or Annex-B) into the Annex-B HLS carries.
///
/// Byte 0 picks the input: 0 an avcC (it must survive `encoded()` and parse back equal), 1 an SPS
/// NAL unit, 2 a 2-byte length, that many avcC bytes, then one frame.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAVC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let selector = input.first else { return 0 }
    let rest = input.dropFirst()
    switch selector % 3 {
    case 0:
        guard let config = try? AVCDecoderConfigurationRecord(parsing: rest) else { return 0 }
        _ = try? config.firstSPS()
        _ = (config.profileName, config.levelName)
        let reparsed = try? AVCDecoderConfigurationRecord(parsing: config.encoded())
        fuzzCheck(reparsed == config, "avcC does not survive encoded()")
    case 1:
        if let sps = try? AVCSequenceParameterSet(parsing: rest) {
            _ = (sps.profileName, sps.levelName)
            fuzzCheck(sps.width > 0 && sps.height > 0, "SPS with a \(sps.width)x\(sps.height) picture")
        }
    default:
        guard rest.count >= 2 else { return 0 }
        let length = Int(rest[rest.startIndex]) << 8 | Int(rest[rest.startIndex + 1])
        let configBytes = rest.dropFirst(2).prefix(length)
        let frame = Array(rest.dropFirst(2 + configBytes.count))
        guard let config = try? AVCDecoderConfigurationRecord(parsing: configBytes) else { return 0 }
        _ = try? AVCAnnexB.convert(avcc: frame, config: config)
        var ranges: [Range<Int>] = []
        frame.withUnsafeBytes { raw in
            if AVCAnnexB.startsWithStartCode(raw), (try? AVCAnnexB.splitAnnexB(raw, into: &ranges)) != nil {
                var out: [UInt8] = []
                AVCAnnexB.append(ranges, of: raw, config: config, to: &out)
            }
        }
    }
    return 0
}
