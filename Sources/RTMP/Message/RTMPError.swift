import Core

/// Why the RTMP chunk stream, a message or a request URL was rejected.
///
/// Handshake failures have their own `HandshakeError`.
public enum RTMPError: Error, Equatable, Sendable, CustomStringConvertible, SRSCoded {
    /// A SetChunkSize outside 128...16777215 (or with the reserved top bit set, RTMP §5.4.1).
    case chunkSizeOutOfRange(UInt32)
    /// A fmt 2/3 chunk on a chunk stream that never carried a fmt 0 header (RTMP §5.3.1.2).
    case chunkStreamNotStarted(chunkStreamID: UInt32, fmt: UInt8)
    /// A fmt 0 chunk while a message on that chunk stream is still incomplete.
    case chunkStreamBusy(chunkStreamID: UInt32)
    /// A fmt 1 chunk that changes the length of a message being reassembled.
    case messageLengthChanged(chunkStreamID: UInt32, from: Int, to: Int)
    /// More chunk streams with partial messages at once than the decoder allows.
    case tooManyPartialMessages(limit: Int)
    /// Partial messages would hold more bytes than the decoder allows.
    case bufferLimitExceeded(limit: Int)
    /// The decoder already failed; the connection must be closed.
    case decoderFailed
    /// A message body shorter than its type requires.
    case messageTruncated(typeID: UInt8, needed: Int, available: Int)
    /// A SetPeerBandwidth limit type other than 0, 1 or 2 (RTMP §5.4.5).
    case invalidPeerBandwidthLimit(UInt8)
    /// A command or data message whose AMF0 values do not have the required shape.
    case invalidCommand(String)
    /// An aggregate message whose FLV sub-tags are cut short (RTMP §7.1.6).
    case invalidAggregate(String)
    /// A tcUrl that is not `schema://host[:port]/...`.
    case invalidTcUrl(String)

    public var description: String {
        switch self {
        case .chunkSizeOutOfRange(let size):
            return "rtmp: chunk size \(size) out of range [128, 16777215]"
        case let .chunkStreamNotStarted(csid, fmt):
            return "rtmp: fresh chunk stream cid=\(csid) expects fmt=0, actual=\(fmt)"
        case .chunkStreamBusy(let csid):
            return "rtmp: fmt=0 on chunk stream cid=\(csid) with a partial message"
        case let .messageLengthChanged(csid, from, to):
            return "rtmp: message on cid=\(csid) cannot change size from \(from) to \(to)"
        case .tooManyPartialMessages(let limit):
            return "rtmp: more than \(limit) chunk streams with partial messages"
        case .bufferLimitExceeded(let limit):
            return "rtmp: partial messages exceed \(limit) bytes"
        case .decoderFailed:
            return "rtmp: chunk decoder already failed"
        case let .messageTruncated(typeID, needed, available):
            return "rtmp: message type=\(typeID) needs \(needed) bytes, has \(available)"
        case .invalidPeerBandwidthLimit(let type):
            return "rtmp: invalid peer bandwidth limit type \(type)"
        case .invalidCommand(let reason):
            return "rtmp: invalid command: \(reason)"
        case .invalidAggregate(let reason):
            return "rtmp: invalid aggregate: \(reason)"
        case .invalidTcUrl(let tcUrl):
            return "rtmp: invalid tcUrl \(tcUrl)"
        }
    }

    /// SRS codes (trunk/src/kernel/srs_kernel_error.hpp).
    public var srsCode: Int {
        switch self {
        case .chunkSizeOutOfRange: return 2010                  // ERROR_RTMP_CHUNK_SIZE
        case .chunkStreamNotStarted, .chunkStreamBusy: return 2001  // ERROR_RTMP_CHUNK_START
        case .messageLengthChanged: return 2013                 // ERROR_RTMP_PACKET_SIZE
        case .tooManyPartialMessages, .bufferLimitExceeded, .decoderFailed:
            return 2002                                         // ERROR_RTMP_MSG_INVALID_SIZE
        case .messageTruncated, .invalidPeerBandwidthLimit, .invalidAggregate:
            return 2007                                         // ERROR_RTMP_MESSAGE_DECODE
        case .invalidCommand: return 2003                       // ERROR_RTMP_AMF0_DECODE
        case .invalidTcUrl: return 2006                         // ERROR_RTMP_REQ_TCURL
        }
    }
}
