import Core
import FuzzSupport
import Codec

/// AAC from a publisher: the FLV audio tag header, the AudioSpecificConfig of its sequence header,
/// and the ADTS header HLS writes for a raw frame with that config.
///
/// Bytes 0–1 are the raw frame's length; the rest is an audio tag body (tag header, then the
/// config). The ADTS header must say what it was asked: sync word, sampling index, channels, length.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAAC(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard input.count >= 2 else { return 0 }
    let payloadLength = Int(input[0]) << 8 | Int(input[1])
    let body = input.dropFirst(2)
    if let header = try? AudioTagHeader(parsing: body) {
        _ = (header.sampleRate, header.isAAC, header.isSequenceHeader)
        check(body.dropFirst(header.size), payloadLength: payloadLength)
    }
    check(body, payloadLength: payloadLength)
    return 0
}

private func check(_ bytes: ArraySlice<UInt8>, payloadLength: Int) {
    guard let config = try? AudioSpecificConfig(parsing: bytes) else { return }
    _ = (config.profileName, config.channels, config.flvSoundRate)
    guard let adts = try? ADTSHeader.make(config: config, payloadLength: payloadLength) else { return }
    fuzzCheck(adts.count == ADTSHeader.size, "ADTS header of \(adts.count) bytes")
    fuzzCheck(adts[0] == 0xFF && adts[1] & 0xF0 == 0xF0, "no ADTS sync word")
    let frameLength = Int(adts[3] & 0x03) << 11 | Int(adts[4]) << 3 | Int(adts[5] >> 5)
    fuzzCheck(frameLength == payloadLength + ADTSHeader.size, "ADTS frame_length \(frameLength)")
    let channels = (adts[2] & 0x01) << 2 | adts[3] >> 6
    fuzzCheck(channels == config.channelConfiguration, "ADTS channels \(channels)")
    let index = Int(adts[2] >> 2 & 0x0F)
    fuzzCheck(index < AudioSpecificConfig.sampleRates.count && AudioSpecificConfig.sampleRates[index] == config.sampleRate,
              "ADTS sampling index \(index) for \(config.sampleRate) Hz")
}
