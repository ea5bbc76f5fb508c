import Core
import FuzzSupport
import RTMP

/// The RTMP chunk stream a publisher or player sends after the handshake.
///
/// Byte 0 chooses how the rest is cut into reads, and with its top bit, tight decoder limits (4
/// partial messages, 100 KB buffered) so that the limit errors are reached too. The stream is decoded twice, whole and in
/// pieces: both must complete the same messages and fail (or not) alike. Every message is then
/// decoded with `RTMPMessage` (aggregates split and their sub-messages decoded too), and what
/// decodes must re-encode to bytes that decode and encode to the same bytes again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRTMPChunk(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let pattern = input.first else { return 0 }
    let stream = input.dropFirst()

    let tight = pattern & 0x80 != 0
    let whole = decode([stream], tight: tight)
    let split = decode(FuzzInput.pieces(stream, pattern: pattern), tight: tight)
    fuzzCheck(whole.failed == split.failed, "whole failed: \(whole.failed), split failed: \(split.failed)")
    fuzzCheck(whole.messages.count == split.messages.count,
              "whole: \(whole.messages.count) messages, split: \(split.messages.count)")
    for (a, b) in zip(whole.messages, split.messages) {
        fuzzCheck(a.header == b.header && a.payload.hasSameBytes(as: b.payload), "\(a.header) != \(b.header)")
    }

    for raw in whole.messages {
        check(raw)
        if raw.header.typeID == RTMPMessageType.aggregate, let parts = try? RTMPMessage.splitAggregate(raw) {
            parts.forEach(check)
        }
    }
    return 0
}

private func decode(_ pieces: [ArraySlice<UInt8>], tight: Bool) -> (messages: [RawMessage], failed: Bool) {
    var decoder = tight ? ChunkDecoder(maxPartialMessages: 4, maxBufferedBytes: 100_000) : ChunkDecoder()
    var messages: [RawMessage] = []
    for piece in pieces {
        do {
            try piece.withUnsafeBytes { try decoder.feed($0, into: &messages) }
        } catch {
            return (messages, true)
        }
    }
    return (messages, false)
}

private func check(_ raw: RawMessage) {
    guard let message = try? RTMPMessage(raw) else { return }
    let first = message.encode()
    let again = RawMessage(header: RTMPMessageHeader(chunkStreamID: 3, timestamp: 0, typeID: first.typeID,
                                                     streamID: 0, length: first.payload.count),
                           payload: SharedBytes(first.payload))
    guard let reparsed = try? RTMPMessage(again) else {
        fuzzCheck(false, "type \(first.typeID): the re-encoded message does not decode")
        return
    }
    let second = reparsed.encode()
    fuzzCheck(first.typeID == second.typeID && first.payload == second.payload,
              "type \(first.typeID): re-encoding is not stable")
}
