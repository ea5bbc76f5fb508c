import FuzzSupport
import API
import Cluster
import Hooks

/// JSON from outside: HTTP API request bodies, hook replies (`HookReply.check`) and other origins'
/// answers to cluster lookups (`ClusterAnswer.parse`).
///
/// What parses must encode to text that parses back equal and encodes to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    if let value = try? JSONParser.parse(input) {
        let first = value.encodedBytes
        guard let again = try? JSONParser.parse(first) else {
            fuzzCheck(false, "the re-encoded value does not parse: \(value.encoded)")
            return 0
        }
        fuzzCheck(again.encodedBytes == first, "re-encoding is not stable: \(value.encoded)")
    }
    _ = HookReply.check(status: 200, body: input)
    _ = try? ClusterAnswer.parse(status: 200, body: input)
    return 0
}
