import Codec
import Core

/// The onMetaData body a DVR file carries (SRS `SrsDvrFlvSegmenter::encode_metadata`): the
/// stream's metadata without `filesize` and `duration`, then `service`, `filesize: 0` and
/// `duration: 0` appended, so both numbers sit at known offsets for the patch at close.
struct FLVMetadata {
    let body: [UInt8]
    /// Offsets in `body` of the 8 value bytes of `filesize` and `duration`.
    let fileSizeOffset: Int
    let durationOffset: Int

    /// Nil when the payload is not `name` + object (the tag is then written unchanged).
    init?(rewriting payload: SharedBytes, service: String) {
        guard let values = try? AMF0Decoder.decodeAll(payload.array), values.count >= 2,
              let name = values[0].stringValue, var object = values[1].objectValue else { return nil }
        object["filesize"] = nil
        object["duration"] = nil
        object["service"] = .string(service)
        object["filesize"] = .number(0)
        object["duration"] = .number(0)
        body = AMF0Encoder.encode([.string(name), .object(object)])
        // ... "duration" 0x00 <8 bytes> 00 00 09: the last value ends 3 bytes before the end;
        // "filesize" ends before duration's key (2 + 8 bytes) and number marker.
        durationOffset = body.count - 3 - 8
        fileSizeOffset = durationOffset - 1 - (2 + 8) - 8
    }
}
