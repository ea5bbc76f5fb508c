import Core
import Testing
@testable import RTMP

/// SetChunkSize and Abort take effect inside the decoder (RTMP §5.4.1, §5.4.2).
@Suite("ChunkDecoder control messages")
struct ChunkDecoderControlTests {
    @Test("applies a SetChunkSize to the chunks that follow in the same read")
    func setChunkSizeMidStream() throws {
        let before = WireMessage(csid: 3, timestamp: 0, payload: WireMessage.pattern(300))
        let after = WireMessage(csid: 6, timestamp: 40, payload: WireMessage.pattern(700, seed: 5))
        let bytes = before.encoded(chunkSize: 128) + setChunkSizeBytes(256) + after.encoded(chunkSize: 256)
        var decoder = ChunkDecoder()
        let decoded = try decodeChunks(bytes, decoder: &decoder)
        #expect(decoded.filter { $0.header.typeID != RTMPMessageType.setChunkSize } == [before, after])
        #expect(decoder.inChunkSize == 256)
    }

    @Test("accepts chunk sizes from 128 up to 16777215", arguments: [128, 4096, 65536, 65537, 0xFF_FFFF] as [UInt32])
    func acceptsChunkSizes(size: UInt32) throws {
        var decoder = ChunkDecoder()
        try decoder.setInChunkSize(size)
        #expect(decoder.inChunkSize == Int(size))
    }

    @Test("clamps chunk sizes above 16777215 (no message is longer)", arguments: [0x100_0000, 0x7FFF_FFFF] as [UInt32])
    func clampsHugeChunkSizes(size: UInt32) throws {
        var decoder = ChunkDecoder()
        try decoder.setInChunkSize(size)
        #expect(decoder.inChunkSize == 0xFF_FFFF)
    }

    @Test("rejects chunk sizes below 128 or with the reserved top bit", arguments: [0, 1, 127, 0x8000_0080] as [UInt32])
    func rejectsChunkSizes(size: UInt32) {
        var decoder = ChunkDecoder()
        #expect(throws: RTMPError.chunkSizeOutOfRange(size)) { try decoder.setInChunkSize(size) }
        #expect(decoder.inChunkSize == 128)
    }

    @Test("fails on a SetChunkSize message of 0 and stays failed")
    func setChunkSizeZeroFails() throws {
        var decoder = ChunkDecoder()
        #expect(throws: RTMPError.chunkSizeOutOfRange(0)) { _ = try decodeChunks(setChunkSizeBytes(0), decoder: &decoder) }
        let more = WireMessage(csid: 3, timestamp: 0, payload: [1]).encoded(chunkSize: 128)
        #expect(throws: RTMPError.decoderFailed) { _ = try decodeChunks(more, decoder: &decoder) }
    }

    @Test("fails on a SetChunkSize message shorter than 4 bytes")
    func truncatedSetChunkSize() {
        let bytes = WireMessage(csid: 2, timestamp: 0, typeID: 1, streamID: 0, payload: [0, 1]).encoded(chunkSize: 128)
        #expect(throws: RTMPError.messageTruncated(typeID: 1, needed: 4, available: 2)) { _ = try decodeChunks(bytes) }
    }

    @Test("drops a chunk stream's partial message on Abort")
    func abortDropsPartial() throws {
        let dropped = WireMessage(csid: 4, timestamp: 0, payload: WireMessage.pattern(300))
        let fresh = WireMessage(csid: 4, timestamp: 80, payload: WireMessage.pattern(50, seed: 1))
        var abort: [UInt8] = []
        RTMPMessage.abort(chunkStreamID: 4).encodeChunks(chunkSize: 128, into: &abort)
        let firstChunk = Array(dropped.encoded(chunkSize: 128).prefix(12 + 128))

        var decoder = ChunkDecoder()
        let decoded = try decodeChunks(firstChunk + abort + fresh.encoded(chunkSize: 128), decoder: &decoder)
        #expect(decoded.map(\.header.typeID) == [RTMPMessageType.abort, 9])
        #expect(decoded.last == fresh)
        #expect(decoder.partialCount == 0 && decoder.bufferedBytes == 0)

        #expect(throws: RTMPError.chunkStreamBusy(chunkStreamID: 4)) {
            _ = try decodeChunks(firstChunk + fresh.encoded(chunkSize: 128))
        }
    }
}
