import Codec
import Core

/// One RTMP message, decoded (RTMP §5.4 protocol control, §6.2 user control, §7.1 the rest).
public enum RTMPMessage {
    case setChunkSize(UInt32)
    case abort(chunkStreamID: UInt32)
    case acknowledgement(sequenceNumber: UInt32)
    case userControl(UserControlEvent)
    case windowAckSize(UInt32)
    case setPeerBandwidth(size: UInt32, limit: PeerBandwidthLimit)
    /// An FLV audio tag body, kept as received.
    case audio(SharedBytes)
    /// An FLV video tag body, kept as received.
    case video(SharedBytes)
    /// AMF data; `amf3` when it came as type 15.
    case data(RTMPData, amf3: Bool = false)
    /// AMF command; `amf3` when it came as type 17.
    case command(RTMPCommand, amf3: Bool = false)
    /// FLV tags back to back (RTMP §7.1.6); see `RTMPMessage.splitAggregate`.
    case aggregate(SharedBytes)
    /// SRS compat: FFmpeg sends a 4-byte timecode starting 0x00 as a data/command message
    /// (ossrs/srs#3803); SRS ignores it, and so should the session.
    case timecode(typeID: UInt8, payload: [UInt8])
    /// Any other type (shared objects, ...), kept as received.
    case unknown(typeID: UInt8, payload: SharedBytes)

    /// SetPeerBandwidth limit types (RTMP §5.4.5).
    public enum PeerBandwidthLimit: UInt8, Sendable {
        case hard = 0
        case soft = 1
        case dynamic = 2
    }

    /// Decodes a reassembled message.
    public init(_ raw: RawMessage) throws {
        let payload = raw.payload
        let typeID = raw.header.typeID
        switch typeID {
        case RTMPMessageType.setChunkSize:
            let size = try RTMPMessage.readUInt32(payload, typeID: typeID)
            // RTMP §5.4.1: bit 0 (the top bit) MUST be zero.
            guard size & 0x8000_0000 == 0 else { throw RTMPError.chunkSizeOutOfRange(size) }
            self = .setChunkSize(size)
        case RTMPMessageType.abort:
            self = .abort(chunkStreamID: try RTMPMessage.readUInt32(payload, typeID: typeID))
        case RTMPMessageType.acknowledgement:
            self = .acknowledgement(sequenceNumber: try RTMPMessage.readUInt32(payload, typeID: typeID))
        case RTMPMessageType.userControl:
            self = .userControl(try UserControlEvent(payload.array))
        case RTMPMessageType.windowAckSize:
            self = .windowAckSize(try RTMPMessage.readUInt32(payload, typeID: typeID))
        case RTMPMessageType.setPeerBandwidth:
            let size = try RTMPMessage.readUInt32(payload, typeID: typeID)
            guard payload.count >= 5 else {
                throw RTMPError.messageTruncated(typeID: typeID, needed: 5, available: payload.count)
            }
            guard let limit = PeerBandwidthLimit(rawValue: payload[4]) else {
                throw RTMPError.invalidPeerBandwidthLimit(payload[4])
            }
            self = .setPeerBandwidth(size: size, limit: limit)
        case RTMPMessageType.audio:
            self = .audio(payload)
        case RTMPMessageType.video:
            self = .video(payload)
        case RTMPMessageType.aggregate:
            self = .aggregate(payload)
        case RTMPMessageType.dataAMF0, RTMPMessageType.dataAMF3,
             RTMPMessageType.commandAMF0, RTMPMessageType.commandAMF3:
            self = try RTMPMessage.decodeAMF(typeID: typeID, payload: payload)
        default:
            self = .unknown(typeID: typeID, payload: payload)
        }
    }

    private static func decodeAMF(typeID: UInt8, payload: SharedBytes) throws -> RTMPMessage {
        var bytes = payload.array
        if bytes.count == 4 && bytes[0] == 0x00 {
            return .timecode(typeID: typeID, payload: bytes)
        }
        switch typeID {
        case RTMPMessageType.commandAMF3:
            // RTMP §7.1.1: an AMF3 command starts with a format byte (0), then AMF0 values.
            if !bytes.isEmpty { bytes.removeFirst() }
            return .command(try RTMPCommand(amf0: bytes), amf3: true)
        case RTMPMessageType.dataAMF3:
            // SRS decodes type 15 as plain AMF0; tolerate a leading format byte as type 17 has.
            if bytes.first == 0x00 { bytes.removeFirst() }
            return .data(try RTMPData(amf0: bytes), amf3: true)
        case RTMPMessageType.commandAMF0:
            return .command(try RTMPCommand(amf0: bytes))
        default:
            return .data(try RTMPData(amf0: bytes))
        }
    }

    /// Reads the big-endian 4-byte body of a protocol control message.
    static func readUInt32(_ payload: SharedBytes, typeID: UInt8) throws -> UInt32 {
        guard payload.count >= 4 else {
            throw RTMPError.messageTruncated(typeID: typeID, needed: 4, available: payload.count)
        }
        return UInt32(payload[0]) << 24 | UInt32(payload[1]) << 16 | UInt32(payload[2]) << 8 | UInt32(payload[3])
    }
}
