import Core
import Testing
@testable import RTMP

@Suite("ChunkEncoder")
struct ChunkEncoderTests {
    static func basicHeader(fmt: UInt8, csid: UInt32) -> [UInt8] {
        var scratch = [UInt8](repeating: 0, count: 3)
        let n = scratch.withUnsafeMutableBytes { ChunkEncoder.writeBasicHeader(fmt: fmt, csid: csid, into: $0.baseAddress!) }
        return Array(scratch.prefix(n))
    }

    @Test("writes the shortest basic header for each chunk stream id (RTMP §5.3.1.1)")
    func basicHeaders() {
        #expect(Self.basicHeader(fmt: 0, csid: 2) == [0x02])
        #expect(Self.basicHeader(fmt: 3, csid: 63) == [0xFF])
        #expect(Self.basicHeader(fmt: 0, csid: 64) == [0x00, 0x00])
        #expect(Self.basicHeader(fmt: 1, csid: 319) == [0x40, 0xFF])
        #expect(Self.basicHeader(fmt: 0, csid: 320) == [0x01, 0x00, 0x01])
        #expect(Self.basicHeader(fmt: 3, csid: 65599) == [0xC1, 0xFF, 0xFF])
    }

    @Test("encodes fmt 0 then fmt 3 with a little-endian stream id")
    func exactBytes() {
        let header = RTMPMessageHeader(chunkStreamID: 3, timestamp: 0x0102_03, typeID: 20, streamID: 0x0A0B_0C0D, length: 130)
        let payload = WireMessage.pattern(130)
        let bytes = ChunkEncoder.encode(header: header, payload: payload, chunkSize: 128)
        #expect(Array(bytes.prefix(12)) == [0x03, 0x01, 0x02, 0x03, 0x00, 0x00, 0x82, 20, 0x0D, 0x0C, 0x0B, 0x0A])
        #expect(Array(bytes[12..<140]) == Array(payload.prefix(128)))
        #expect(Array(bytes[140...]) == [0xC3] + Array(payload.suffix(2)))
    }

    @Test("repeats the extended timestamp in every fmt 3 header")
    func extendedTimestampRepeated() {
        let header = RTMPMessageHeader(chunkStreamID: 4, timestamp: 0xFF_FFFF, typeID: 9, streamID: 1, length: 200)
        let bytes = ChunkEncoder.encode(header: header, payload: WireMessage.pattern(200), chunkSize: 128)
        #expect(Array(bytes[1..<4]) == [0xFF, 0xFF, 0xFF])
        #expect(Array(bytes[12..<16]) == [0x00, 0xFF, 0xFF, 0xFF])
        #expect(Array(bytes[(16 + 128)..<(16 + 128 + 5)]) == [0xC4, 0x00, 0xFF, 0xFF, 0xFF])
        #expect(bytes.count == 16 + 200 + 5)
    }

    @Test("sends an empty message as a lone fmt 0 header")
    func emptyMessage() {
        let header = RTMPMessageHeader(chunkStreamID: 3, timestamp: 0, typeID: 20, streamID: 0, length: 0)
        #expect(ChunkEncoder.encode(header: header, payload: [], chunkSize: 128).count == 12)
        #expect(ChunkEncoder.chunkCount(length: 0, chunkSize: 128) == 1)
        #expect(ChunkEncoder.chunkCount(length: 257, chunkSize: 128) == 3)
    }

    @Test("zero-copy headers plus payload slices equal encode()",
          arguments: [(2, 0), (63, 40), (64, 0xFF_FFFF), (319, 0x7FFF_FFFF), (320, 5), (65599, 0x100_0000)] as [(UInt32, UInt32)])
    func zeroCopyMatchesEncode(csid: UInt32, timestamp: UInt32) {
        for length in [0, 1, 127, 128, 129, 1000] {
            let header = RTMPMessageHeader(chunkStreamID: csid, timestamp: timestamp, typeID: 9, streamID: 7, length: length)
            let payload = SharedBytes(WireMessage.pattern(length, seed: Int(csid)))
            var iovecBytes: [UInt8] = []
            var scratch = [UInt8](repeating: 0, count: ChunkEncoder.maxFirstHeaderSize)
            var offset = 0
            repeat {
                let n = scratch.withUnsafeMutableBytes { buffer in
                    offset == 0
                        ? ChunkEncoder.writeFirstHeader(csid: csid, timestamp: timestamp, length: length, typeID: 9,
                                                        streamID: 7, into: buffer.baseAddress!)
                        : ChunkEncoder.writeContinuationHeader(csid: csid, timestamp: timestamp, into: buffer.baseAddress!)
                }
                iovecBytes += scratch.prefix(n)
                let size = min(128, length - offset)
                iovecBytes += payload.array(offset..<(offset + size))
                offset += size
            } while offset < length
            #expect(iovecBytes == ChunkEncoder.encode(header: header, payload: payload.array, chunkSize: 128))
        }
    }

    @Test("never writes more than the advertised maximum header sizes")
    func maximumHeaderSizes() {
        var scratch = [UInt8](repeating: 0, count: 32)
        let first = scratch.withUnsafeMutableBytes {
            ChunkEncoder.writeFirstHeader(csid: 65599, timestamp: 0xFFFF_FFFF, length: 0xFF_FFFF, typeID: 9,
                                          streamID: 1, into: $0.baseAddress!)
        }
        let continuation = scratch.withUnsafeMutableBytes {
            ChunkEncoder.writeContinuationHeader(csid: 65599, timestamp: 0xFFFF_FFFF, into: $0.baseAddress!)
        }
        #expect(first == ChunkEncoder.maxFirstHeaderSize)
        #expect(continuation == ChunkEncoder.maxContinuationHeaderSize)
    }
}
