import Core
import Testing
@testable import RTMP

@Suite("ChunkDecoder reassembly")
struct ChunkDecoderTests {
    /// Messages covering 1-, 2- and 3-byte chunk stream ids, chunk-size edges and extended
    /// timestamps.
    static func corpus(chunkSize: Int) -> [WireMessage] {
        let csids: [UInt32] = [2, 3, 63, 64, 319, 320, 65599]
        let sizes = [0, 1, 127, 128, 129, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3 * chunkSize + 5, 70_000]
        let timestamps: [UInt32] = [0, 40, 0xFF_FFFE, 0xFF_FFFF, 0x100_0000, 0x7FFF_FFFF]
        var messages: [WireMessage] = []
        for (index, size) in sizes.enumerated() {
            let csid = csids[index % csids.count]
            let timestamp = timestamps[index % timestamps.count]
            messages.append(WireMessage(csid: csid, timestamp: timestamp, typeID: UInt8(8 + index % 2),
                                        streamID: UInt32(index), payload: WireMessage.pattern(size, seed: index)))
        }
        return messages
    }

    static func wire(_ messages: [WireMessage], chunkSize: Int) -> [UInt8] {
        var bytes = chunkSize == 128 ? [] : setChunkSizeBytes(UInt32(chunkSize))
        for message in messages { bytes += message.encoded(chunkSize: chunkSize) }
        return bytes
    }

    static func media(_ decoded: [WireMessage]) -> [WireMessage] {
        decoded.filter { $0.header.typeID != RTMPMessageType.setChunkSize }
    }

    @Test("decodes a single fmt 0 chunk built by hand")
    func decodesSingleFmt0Chunk() throws {
        let bytes: [UInt8] = [0x04, 0x00, 0x00, 0x1A, 0x00, 0x00, 0x03, 0x08, 0x01, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC]
        let messages = try decodeChunks(bytes)
        #expect(messages == [WireMessage(csid: 4, timestamp: 26, typeID: 8, streamID: 1, payload: [0xAA, 0xBB, 0xCC])])
    }

    @Test("round-trips every corpus message", arguments: [128, 4096, 60_000, 100_000])
    func roundTripsCorpus(chunkSize: Int) throws {
        let messages = Self.corpus(chunkSize: chunkSize)
        let decoded = try decodeChunks(Self.wire(messages, chunkSize: chunkSize))
        #expect(Self.media(decoded) == messages.map { message in
            var expected = message
            expected.header.timestamp &= 0x7FFF_FFFF
            return expected
        })
    }

    @Test("decodes the same messages when the bytes are split at every offset")
    func splitAtEveryOffset() throws {
        let messages = [
            WireMessage(csid: 3, timestamp: 0, typeID: 20, streamID: 0, payload: WireMessage.pattern(300)),
            WireMessage(csid: 70, timestamp: 0x100_0000, payload: WireMessage.pattern(200, seed: 3)),
            WireMessage(csid: 400, timestamp: 5, typeID: 8, payload: WireMessage.pattern(1, seed: 9)),
            WireMessage(csid: 4, timestamp: 6, typeID: 8, payload: []),
        ]
        let bytes = Self.wire(messages, chunkSize: 128)
        for cut in 0...bytes.count {
            #expect(try decodeChunks(bytes, cuts: [cut]) == messages, "cut at \(cut)")
        }
    }

    @Test("decodes the corpus fed one byte at a time")
    func oneByteDrip() throws {
        let messages = Self.corpus(chunkSize: 200)
        let bytes = Self.wire(messages, chunkSize: 200)
        var decoder = ChunkDecoder()
        var decoded: [RawMessage] = []
        for byte in bytes {
            try [byte].withUnsafeBytes { try decoder.feed($0, into: &decoded) }
        }
        #expect(Self.media(decoded.map(WireMessage.init)).map(\.payload) == messages.map(\.payload))
        #expect(decoder.bytesReceived == UInt64(bytes.count))
    }

    @Test("reassembles audio and video interleaved chunk by chunk")
    func interleavedChunkStreams() throws {
        let video = WireMessage(csid: 6, timestamp: 1000, typeID: 9, payload: WireMessage.pattern(400, seed: 1))
        let audio = WireMessage(csid: 4, timestamp: 1010, typeID: 8, payload: WireMessage.pattern(300, seed: 2))
        let videoChunks = chunks(of: video, chunkSize: 128)
        let audioChunks = chunks(of: audio, chunkSize: 128)
        var bytes: [UInt8] = []
        for index in 0..<max(videoChunks.count, audioChunks.count) {
            if index < videoChunks.count { bytes += videoChunks[index] }
            if index < audioChunks.count { bytes += audioChunks[index] }
        }
        // Audio (3 chunks) completes before video (4 chunks).
        #expect(try decodeChunks(bytes) == [audio, video])
    }

    @Test("consumes the extended timestamp repeated in fmt 3 continuation headers")
    func extendedTimestampOnContinuations() throws {
        let message = WireMessage(csid: 5, timestamp: 0x0123_4567, payload: WireMessage.pattern(300))
        let bytes = message.encoded(chunkSize: 128)
        #expect(bytes.count == 12 + 4 + 300 + 2 * (1 + 4))
        #expect(try decodeChunks(bytes) == [message])
    }

    @Test("reads payload when a peer omits the extended timestamp on continuations (SRS compat)")
    func toleratesMissingExtendedTimestampOnContinuations() throws {
        for length in [300, 130, 129] {
            let message = WireMessage(csid: 5, timestamp: 0x0123_4567, payload: WireMessage.pattern(length, seed: 1))
            let next = WireMessage(csid: 5, timestamp: 0x0123_4570, payload: [1, 2, 3])
            var bytes = Array(message.encoded(chunkSize: 128).prefix(16 + 128))
            var offset = 128
            while offset < length {
                bytes.append(0xC5)
                bytes += message.payload[offset..<min(offset + 128, length)]
                offset += 128
            }
            bytes += next.encoded(chunkSize: 128)
            #expect(try decodeChunks(bytes) == [message, next], "length \(length)")
        }
    }

    @Test("counts every byte received")
    func countsBytesReceived() throws {
        var decoder = ChunkDecoder()
        let bytes = WireMessage(csid: 3, timestamp: 0, payload: WireMessage.pattern(1000)).encoded(chunkSize: 128)
        _ = try decodeChunks(bytes, cuts: [10, 500], decoder: &decoder)
        #expect(decoder.bytesReceived == UInt64(bytes.count))
    }

    /// The chunks of one message, each with its header.
    func chunks(of message: WireMessage, chunkSize: Int) -> [[UInt8]] {
        let bytes = message.encoded(chunkSize: chunkSize)
        var result: [[UInt8]] = []
        var offset = 0
        var remaining = message.payload.count
        var first = true
        while offset < bytes.count {
            let headerSize = first ? 12 : 1
            let size = headerSize + min(chunkSize, remaining)
            result.append(Array(bytes[offset..<(offset + size)]))
            offset += size
            remaining -= min(chunkSize, remaining)
            first = false
        }
        return result
    }
}
