import Core

extension RTMPMessage {
    /// The message type id and body bytes.
    ///
    /// Media bodies are copied here; the media path sends `SharedBytes` with `ChunkEncoder`.
    public func encode() -> (typeID: UInt8, payload: [UInt8]) {
        switch self {
        case .setChunkSize(let size):
            return (RTMPMessageType.setChunkSize, word(size))
        case .abort(let csid):
            return (RTMPMessageType.abort, word(csid))
        case .acknowledgement(let sequence):
            return (RTMPMessageType.acknowledgement, word(sequence))
        case .userControl(let event):
            return (RTMPMessageType.userControl, event.encode())
        case .windowAckSize(let size):
            return (RTMPMessageType.windowAckSize, word(size))
        case let .setPeerBandwidth(size, limit):
            return (RTMPMessageType.setPeerBandwidth, word(size) + [limit.rawValue])
        case .audio(let payload):
            return (RTMPMessageType.audio, payload.array)
        case .video(let payload):
            return (RTMPMessageType.video, payload.array)
        case let .data(data, amf3):
            return amf3 ? (RTMPMessageType.dataAMF3, [0] + data.encode()) : (RTMPMessageType.dataAMF0, data.encode())
        case let .command(command, amf3):
            return amf3
                ? (RTMPMessageType.commandAMF3, [0] + command.encode())
                : (RTMPMessageType.commandAMF0, command.encode())
        case .aggregate(let payload):
            return (RTMPMessageType.aggregate, payload.array)
        case let .timecode(typeID, payload):
            return (typeID, payload)
        case let .unknown(typeID, payload):
            return (typeID, payload.array)
        }
    }

    /// Encodes and chunks the message, appending the wire bytes to `out`.
    public func encodeChunks(chunkStreamID: UInt32? = nil, timestamp: UInt32 = 0, streamID: UInt32 = 0,
                             chunkSize: Int, into out: inout [UInt8]) {
        let (typeID, payload) = encode()
        let header = RTMPMessageHeader(chunkStreamID: chunkStreamID ?? defaultChunkStreamID, timestamp: timestamp,
                                       typeID: typeID, streamID: streamID, length: payload.count)
        payload.withUnsafeBytes { ChunkEncoder.encode(header: header, payload: $0, chunkSize: chunkSize, into: &out) }
    }

    /// The chunk stream SRS sends this kind of message on (`get_prefer_cid` of its packets).
    public var defaultChunkStreamID: UInt32 {
        switch self {
        case .setChunkSize, .abort, .acknowledgement, .userControl, .windowAckSize, .setPeerBandwidth:
            return RTMPChunkStreamID.protocolControl
        case .audio:
            return RTMPChunkStreamID.audio
        case .video, .aggregate:
            return RTMPChunkStreamID.video
        case .command(let command, _):
            switch command.name {
            case "onStatus", "onFCPublish", "onFCUnpublish", "play", "publish":
                return RTMPChunkStreamID.stream
            default:
                return RTMPChunkStreamID.command
            }
        case .data(let data, _):
            return data.name == "onMetaData" || data.name == "@setDataFrame"
                ? RTMPChunkStreamID.metadata : RTMPChunkStreamID.stream
        case .timecode, .unknown:
            return RTMPChunkStreamID.command
        }
    }

    private func word(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(5)
        out.appendUInt32(value)
        return out
    }
}
