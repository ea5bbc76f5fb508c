import Codec
import Core
import Testing
@testable import RTMP

@Suite("RTMPMessage decode and encode")
struct RTMPMessageTests {
    static let metadata = RTMPData(name: "@setDataFrame", values: [
        .string("onMetaData"), .ecmaArray(["width": .number(1280), "height": .number(720), "encoder": .string("obs")]),
    ])
    static let connect = RTMPCommand(name: "connect", transactionID: 1, commandObject: .object([
        "app": .string("live"), "tcUrl": .string("rtmp://127.0.0.1/live"), "objectEncoding": .number(0),
    ]))

    static func everyCase() -> [RTMPMessage] { [
        .setChunkSize(60000),
        .abort(chunkStreamID: 7),
        .acknowledgement(sequenceNumber: 1_250_000),
        .userControl(.setBufferLength(streamID: 1, milliseconds: 3000)),
        .windowAckSize(2_500_000),
        .setPeerBandwidth(size: 2_500_000, limit: .dynamic),
        .audio(SharedBytes([0xAF, 0x01, 0x21])),
        .video(SharedBytes([0x17, 0x01, 0x00, 0x00, 0x00, 0x65])),
        .data(metadata),
        .data(metadata, amf3: true),
        .command(connect),
        .command(RTMPCommand(name: "play", transactionID: 4, commandObject: .null, arguments: [.string("livestream")]),
                 amf3: true),
        .aggregate(SharedBytes([9, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x17, 0, 0, 0, 12])),
        .timecode(typeID: 18, payload: [0x00, 0x01, 0x02, 0x03]),
        .unknown(typeID: 19, payload: SharedBytes([1, 2, 3])),
    ] }

    static func raw(_ message: RTMPMessage, timestamp: UInt32 = 0) -> RawMessage {
        let (typeID, payload) = message.encode()
        let header = RTMPMessageHeader(chunkStreamID: message.defaultChunkStreamID, timestamp: timestamp,
                                       typeID: typeID, streamID: 1, length: payload.count)
        return RawMessage(header: header, payload: SharedBytes(payload))
    }

    static func raw(typeID: UInt8, _ payload: [UInt8]) -> RawMessage {
        RawMessage(header: RTMPMessageHeader(chunkStreamID: 3, timestamp: 0, typeID: typeID, streamID: 0,
                                             length: payload.count), payload: SharedBytes(payload))
    }

    /// The case name, so a decode into the wrong case fails even if the bytes match.
    static func kind(_ message: RTMPMessage) -> String {
        switch message {
        case .setChunkSize: return "setChunkSize"
        case .abort: return "abort"
        case .acknowledgement: return "acknowledgement"
        case .userControl: return "userControl"
        case .windowAckSize: return "windowAckSize"
        case .setPeerBandwidth: return "setPeerBandwidth"
        case .audio: return "audio"
        case .video: return "video"
        case .data(_, let amf3): return amf3 ? "data3" : "data"
        case .command(_, let amf3): return amf3 ? "command3" : "command"
        case .aggregate: return "aggregate"
        case .timecode: return "timecode"
        case .unknown: return "unknown"
        }
    }

    @Test("every case survives encode, decode, encode")
    func everyCaseRoundTrips() throws {
        for message in Self.everyCase() {
            let decoded = try RTMPMessage(Self.raw(message))
            #expect(Self.kind(decoded) == Self.kind(message))
            #expect(decoded.encode() == message.encode(), "\(Self.kind(message))")
        }
    }

    @Test("every case survives chunking through the encoder and the decoder")
    func everyCaseThroughChunks() throws {
        var wire: [UInt8] = []
        for (index, message) in Self.everyCase().enumerated() where Self.kind(message) != "setChunkSize" {
            message.encodeChunks(timestamp: UInt32(index * 40), streamID: 1, chunkSize: 128, into: &wire)
        }
        var decoder = ChunkDecoder()
        let decoded = try decoder.feed(wire).map { try RTMPMessage($0) }
        let expected = Self.everyCase().filter { Self.kind($0) != "setChunkSize" }
        #expect(decoded.map { $0.encode().typeID } == expected.map { $0.encode().typeID })
        #expect(decoded.map { $0.encode().payload } == expected.map { $0.encode().payload })
    }

    @Test("decodes control message fields")
    func controlFields() throws {
        guard case .setPeerBandwidth(let size, let limit) = try RTMPMessage(Self.raw(typeID: 6, [0, 0x26, 0x25, 0xA0, 1])) else {
            Issue.record("not setPeerBandwidth")
            return
        }
        #expect(size == 2_500_000 && limit == .soft)
        guard case .acknowledgement(let sequence) = try RTMPMessage(Self.raw(typeID: 3, [0, 0, 1, 0])) else {
            Issue.record("not acknowledgement")
            return
        }
        #expect(sequence == 256)
    }

    @Test("rejects SetChunkSize with the top bit set (RTMP §5.4.1)")
    func setChunkSizeTopBit() {
        #expect(throws: RTMPError.chunkSizeOutOfRange(0x8000_1000)) {
            _ = try RTMPMessage(Self.raw(typeID: 1, [0x80, 0x00, 0x10, 0x00]))
        }
    }

    @Test("rejects truncated protocol control messages", arguments: [1, 2, 3, 5, 6] as [UInt8])
    func truncatedControl(typeID: UInt8) {
        #expect(throws: RTMPError.messageTruncated(typeID: typeID, needed: 4, available: 3)) {
            _ = try RTMPMessage(Self.raw(typeID: typeID, [0, 0, 1]))
        }
    }

    @Test("rejects a SetPeerBandwidth without or with an invalid limit type")
    func badPeerBandwidth() {
        #expect(throws: RTMPError.messageTruncated(typeID: 6, needed: 5, available: 4)) {
            _ = try RTMPMessage(Self.raw(typeID: 6, [0, 0, 1, 0]))
        }
        #expect(throws: RTMPError.invalidPeerBandwidthLimit(3)) {
            _ = try RTMPMessage(Self.raw(typeID: 6, [0, 0, 1, 0, 3]))
        }
    }

    @Test("ignores FFmpeg's 4-byte timecode on data and command types (SRS compat)",
          arguments: [15, 17, 18, 20] as [UInt8])
    func timecode(typeID: UInt8) throws {
        guard case .timecode(let type, let payload) = try RTMPMessage(Self.raw(typeID: typeID, [0, 0, 0, 0x19])) else {
            Issue.record("not a timecode")
            return
        }
        #expect(type == typeID && payload == [0, 0, 0, 0x19])
    }

    @Test("decodes AMF3 data with or without the leading format byte")
    func amf3Data() throws {
        let body = RTMPData(name: "onMetaData", values: [.object(["duration": .number(0)])]).encode()
        for payload in [body, [0] + body] {
            guard case .data(let data, true) = try RTMPMessage(Self.raw(typeID: 15, payload)) else {
                Issue.record("not AMF3 data")
                return
            }
            #expect(data.name == "onMetaData")
        }
    }

    @Test("rejects commands without a name or transaction id")
    func badCommands() {
        let noName = AMF0Encoder.encode([.number(1), .null])
        let emptyName = AMF0Encoder.encode([.string(""), .number(1)])
        let noTID = AMF0Encoder.encode([.string("play")])
        let stringTID = AMF0Encoder.encode([.string("play"), .string("1")])
        for payload in [noName, emptyName, noTID, stringTID] {
            #expect(throws: RTMPError.self) { _ = try RTMPMessage(Self.raw(typeID: 20, payload)) }
        }
        #expect(throws: RTMPError.invalidCommand("data message without a name")) {
            _ = try RTMPMessage(Self.raw(typeID: 18, AMF0Encoder.encode([.number(1)])))
        }
    }

    @Test("wraps AMF0 errors with context")
    func wrapsAMF0Errors() {
        do {
            _ = try RTMPMessage(Self.raw(typeID: 20, [0x02, 0x00, 0x05, 0x61]))
            Issue.record("decoded a truncated string")
        } catch let error as ContextError {
            #expect(error.context == "rtmp: decode command")
            #expect(error.root is CodecError)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("fills optional command fields: no object means null, arguments after it")
    func commandShape() throws {
        let bare = try RTMPCommand(amf0: AMF0Encoder.encode([.string("closeStream"), .number(0)]))
        #expect(bare == RTMPCommand(name: "closeStream", transactionID: 0, commandObject: .null, arguments: []))
        let play = try RTMPCommand(amf0: AMF0Encoder.encode([.string("play"), .number(0), .null, .string("s"), .number(-2)]))
        #expect(play.firstStringArgument == "s" && play.arguments.count == 2)
    }

    @Test("picks SRS's chunk stream per message kind")
    func defaultChunkStreams() {
        #expect(RTMPMessage.setChunkSize(128).defaultChunkStreamID == 2)
        #expect(RTMPMessage.command(ServerReplies.onBWDone()).defaultChunkStreamID == 3)
        #expect(RTMPMessage.command(ServerReplies.createStreamResult(tid: 4)).defaultChunkStreamID == 3)
        #expect(RTMPMessage.command(ServerReplies.playStart()).defaultChunkStreamID == 5)
        #expect(RTMPMessage.command(ServerReplies.onFCPublish()).defaultChunkStreamID == 5)
        #expect(RTMPMessage.data(ServerReplies.sampleAccess()).defaultChunkStreamID == 5)
        #expect(RTMPMessage.data(RTMPData(name: "onMetaData")).defaultChunkStreamID == 4)
        #expect(RTMPMessage.video(SharedBytes([])).defaultChunkStreamID == 6)
        #expect(RTMPMessage.audio(SharedBytes([])).defaultChunkStreamID == 7)
    }
}
