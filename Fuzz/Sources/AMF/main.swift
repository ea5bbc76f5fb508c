import Core
import FuzzSupport
@testable import Codec

/// AMF0 values back to back (command and data bodies, onMetaData), with AMF3 scalars after the
/// avmplus marker; byte 0 = 0x11... is the usual AMF3 switch, any other start plain AMF0.
///
/// What decodes must re-encode to bytes that decode and encode to the same bytes again (the
/// encoder writes what SRS writes, so the first pass may normalise, e.g. references to undefined).
/// The AMF3 scalar decoder is also run on the input directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAMF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    if let values = try? AMF0Decoder.decodeAll(input) {
        let first = AMF0Encoder.encode(values)
        guard let again = try? AMF0Decoder.decodeAll(first) else {
            fuzzCheck(false, "the re-encoded values do not decode")
            return 0
        }
        fuzzCheck(AMF0Encoder.encode(again) == first, "re-encoding is not stable")
    }
    var reader = ByteReader(input)
    while !reader.isAtEnd, (try? AMF3Scalar.decode(&reader)) != nil {}
    return 0
}
