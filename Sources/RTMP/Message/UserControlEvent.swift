import Core

/// A User Control Message event (RTMP §6.2, §7.1.7): 2-byte event type, then event data.
public enum UserControlEvent: Equatable, Sendable {
    case streamBegin(streamID: UInt32)
    case streamEOF(streamID: UInt32)
    case streamDry(streamID: UInt32)
    case setBufferLength(streamID: UInt32, milliseconds: UInt32)
    case streamIsRecorded(streamID: UInt32)
    case pingRequest(timestamp: UInt32)
    case pingResponse(timestamp: UInt32)
    /// Any other event (e.g. FMS's 0x1a with one byte of data), kept as is.
    case unknown(eventType: UInt16, data: [UInt8])

    /// Event type numbers (RTMP §7.1.7).
    public enum EventType {
        public static let streamBegin: UInt16 = 0
        public static let streamEOF: UInt16 = 1
        public static let streamDry: UInt16 = 2
        public static let setBufferLength: UInt16 = 3
        public static let streamIsRecorded: UInt16 = 4
        public static let pingRequest: UInt16 = 6
        public static let pingResponse: UInt16 = 7
    }

    /// Decodes a User Control Message body.
    public init(_ bytes: [UInt8]) throws {
        func word(_ at: Int) throws -> UInt32 {
            guard bytes.count >= at + 4 else {
                throw RTMPError.messageTruncated(typeID: RTMPMessageType.userControl, needed: at + 4, available: bytes.count)
            }
            return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        }
        guard bytes.count >= 2 else {
            throw RTMPError.messageTruncated(typeID: RTMPMessageType.userControl, needed: 2, available: bytes.count)
        }
        let type = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        switch type {
        case EventType.streamBegin: self = .streamBegin(streamID: try word(2))
        case EventType.streamEOF: self = .streamEOF(streamID: try word(2))
        case EventType.streamDry: self = .streamDry(streamID: try word(2))
        case EventType.setBufferLength: self = .setBufferLength(streamID: try word(2), milliseconds: try word(6))
        case EventType.streamIsRecorded: self = .streamIsRecorded(streamID: try word(2))
        case EventType.pingRequest: self = .pingRequest(timestamp: try word(2))
        case EventType.pingResponse: self = .pingResponse(timestamp: try word(2))
        default: self = .unknown(eventType: type, data: Array(bytes[2...]))
        }
    }

    /// The message body.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        switch self {
        case .streamBegin(let id): out.appendUInt16(EventType.streamBegin); out.appendUInt32(id)
        case .streamEOF(let id): out.appendUInt16(EventType.streamEOF); out.appendUInt32(id)
        case .streamDry(let id): out.appendUInt16(EventType.streamDry); out.appendUInt32(id)
        case let .setBufferLength(id, ms):
            out.appendUInt16(EventType.setBufferLength)
            out.appendUInt32(id)
            out.appendUInt32(ms)
        case .streamIsRecorded(let id): out.appendUInt16(EventType.streamIsRecorded); out.appendUInt32(id)
        case .pingRequest(let ts): out.appendUInt16(EventType.pingRequest); out.appendUInt32(ts)
        case .pingResponse(let ts): out.appendUInt16(EventType.pingResponse); out.appendUInt32(ts)
        case let .unknown(type, data):
            out.appendUInt16(type)
            out.append(contentsOf: data)
        }
        return out
    }
}
