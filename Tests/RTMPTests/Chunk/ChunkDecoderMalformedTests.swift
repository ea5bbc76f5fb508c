import TestSupport
import Core
import Testing
@testable import RTMP

@Suite("ChunkDecoder rejects malformed and hostile input")
struct ChunkDecoderMalformedTests {
    @Test("rejects fmt 2 and fmt 3 on a chunk stream never started", arguments: [0x84, 0xC4] as [UInt8])
    func rejectsUnstartedChunkStream(first: UInt8) {
        #expect(throws: RTMPError.chunkStreamNotStarted(chunkStreamID: 4, fmt: first >> 6)) {
            _ = try decodeChunks([first, 0, 0, 0, 1, 2, 3, 4])
        }
    }

    @Test("keeps the messages completed before an error and then stays failed")
    func keepsMessagesBeforeError() {
        let good = WireMessage(csid: 3, timestamp: 0, payload: [1, 2, 3])
        var decoder = ChunkDecoder()
        var messages: [RawMessage] = []
        let bytes = good.encoded(chunkSize: 128) + [0xC9, 0, 0, 0]
        #expect(throws: RTMPError.chunkStreamNotStarted(chunkStreamID: 9, fmt: 3)) {
            try bytes.withUnsafeBytes { try decoder.feed($0, into: &messages) }
        }
        #expect(messages.map(WireMessage.init) == [good])
        #expect(throws: RTMPError.decoderFailed) { _ = try decoder.feed(good.encoded(chunkSize: 128)) }
    }

    @Test("rejects fmt 1 that changes the length of a message in progress")
    func rejectsLengthChange() {
        let first = Array(WireMessage(csid: 4, timestamp: 0, payload: WireMessage.pattern(200)).encoded(chunkSize: 128)
            .prefix(12 + 128))
        let bytes = first + [0x44, 0, 0, 0, 0, 0, 0xFF, 9]
        #expect(throws: RTMPError.messageLengthChanged(chunkStreamID: 4, from: 200, to: 255)) { _ = try decodeChunks(bytes) }
    }

    @Test("bounds the number of chunk streams with partial 16 MiB messages")
    func boundsPartialMessages() throws {
        /// The first 128-byte chunk of a 16 MiB message on `basic`.
        func firstChunk(_ basic: [UInt8]) -> [UInt8] {
            basic + [0, 0, 0, 0xFF, 0xFF, 0xFF, 9, 1, 0, 0, 0] + [UInt8](repeating: 0xAB, count: 128)
        }
        var bytes: [UInt8] = []
        for csid in UInt8(3)...UInt8(63) { bytes += firstChunk([csid]) }
        var decoder = ChunkDecoder(maxPartialMessages: 64)
        _ = try decodeChunks(bytes, decoder: &decoder)
        #expect(decoder.partialCount == 61)
        #expect(decoder.bufferedBytes == 61 * MessageBuffer.initialCapacity)
        let more = (UInt8(0)...UInt8(3)).flatMap { firstChunk([0x00, $0]) }
        #expect(throws: RTMPError.tooManyPartialMessages(limit: 64)) { _ = try decodeChunks(more, decoder: &decoder) }
    }

    @Test("bounds the bytes held by partial messages")
    func boundsBufferedBytes() throws {
        var decoder = ChunkDecoder(maxBufferedBytes: 1 << 20)
        try decoder.setInChunkSize(300_000)
        let body = [UInt8](repeating: 7, count: 300_000)
        var bytes: [UInt8] = []
        for csid in UInt8(3)...UInt8(6) {
            bytes += [csid, 0, 0, 0, 0x0F, 0x00, 0x00, 9, 1, 0, 0, 0] + body
        }
        #expect(throws: RTMPError.bufferLimitExceeded(limit: 1 << 20)) { _ = try decodeChunks(bytes, decoder: &decoder) }
        #expect(decoder.bufferedBytes <= 1 << 20)
    }

    @Test("survives thousands of seeded random inputs without crashing")
    func randomBytesNeverCrash() {
        var generator = SplitMix64(seed: 0x5EED)
        var failures = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 0...600, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let cuts = (0..<3).map { _ in Int.random(in: 0...max(count, 1), using: &generator) }
            var decoder = ChunkDecoder(maxPartialMessages: 8, maxBufferedBytes: 1 << 20)
            do {
                _ = try decodeChunks(bytes, cuts: cuts.filter { $0 <= count }, decoder: &decoder)
            } catch {
                failures += 1
                #expect(error is RTMPError)
            }
            #expect(decoder.bufferedBytes <= 1 << 20)
        }
        // Random bytes mostly hit a fmt 1/2/3 on a fresh chunk stream or a bad SetChunkSize.
        #expect(failures > 1000)
    }

    @Test("survives seeded mutations of a valid stream")
    func mutatedStreamsNeverCrash() {
        var wire = setChunkSizeBytes(200)
        for message in ChunkDecoderTests.corpus(chunkSize: 200).prefix(8) {
            wire += message.encoded(chunkSize: 200)
        }
        var generator = SplitMix64(seed: 42)
        var decodedSome = 0
        for _ in 0..<1000 {
            var bytes = wire
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            var decoder = ChunkDecoder(maxPartialMessages: 8, maxBufferedBytes: 4 << 20)
            do {
                if !(try decodeChunks(bytes, decoder: &decoder)).isEmpty { decodedSome += 1 }
            } catch {
                #expect(error is RTMPError)
            }
        }
        #expect(decodedSome > 0)
    }
}
