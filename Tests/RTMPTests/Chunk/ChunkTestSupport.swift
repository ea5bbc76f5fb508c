import Core
@testable import RTMP


/// A message to encode in tests: header plus payload bytes.
struct WireMessage: Equatable {
    var header: RTMPMessageHeader
    var payload: [UInt8]

    init(csid: UInt32, timestamp: UInt32, typeID: UInt8 = 9, streamID: UInt32 = 1, payload: [UInt8]) {
        header = RTMPMessageHeader(chunkStreamID: csid, timestamp: timestamp, typeID: typeID,
                                   streamID: streamID, length: payload.count)
        self.payload = payload
    }

    init(_ raw: RawMessage) {
        header = raw.header
        payload = raw.payload.array
    }

    /// Bytes 0, 1, 2... offset by `seed`, so different messages differ.
    static func pattern(_ count: Int, seed: Int = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ seed) }
    }

    func encoded(chunkSize: Int) -> [UInt8] {
        ChunkEncoder.encode(header: header, payload: payload, chunkSize: chunkSize)
    }
}

/// Wire bytes of a SetChunkSize message on chunk stream 2.
func setChunkSizeBytes(_ size: UInt32) -> [UInt8] {
    var out: [UInt8] = []
    RTMPMessage.setChunkSize(size).encodeChunks(chunkSize: 128, into: &out)
    return out
}

/// Feeds `bytes` in pieces cut at `cuts` and returns what was decoded.
func decodeChunks(_ bytes: [UInt8], cuts: [Int] = [], decoder: inout ChunkDecoder) throws -> [WireMessage] {
    var messages: [RawMessage] = []
    var start = 0
    for cut in cuts.sorted() + [bytes.count] where cut >= start {
        try bytes[start..<cut].withUnsafeBytes { try decoder.feed($0, into: &messages) }
        start = cut
    }
    return messages.map(WireMessage.init)
}

/// Decodes with a fresh decoder.
func decodeChunks(_ bytes: [UInt8], cuts: [Int] = []) throws -> [WireMessage] {
    var decoder = ChunkDecoder()
    return try decodeChunks(bytes, cuts: cuts, decoder: &decoder)
}
