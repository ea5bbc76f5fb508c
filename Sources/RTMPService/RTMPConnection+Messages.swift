import Codec
import Core
import IO
import Live
import RTMP

extension RTMPConnection {
    /// Dispatches one complete message from the peer.
    func handle(_ raw: RawMessage) throws {
        let message: RTMPMessage
        do {
            message = try RTMPMessage(raw)
        } catch {
            // A media message is never dropped for its body; only commands/data can fail to decode.
            log.warn("rtmp: ignore undecodable message type=\(raw.header.typeID), \(error)", cid: cid)
            return
        }
        switch message {
        case .setChunkSize(let size):
            // The decoder already applied it (it must, before decoding the next chunk).
            if size > 65536 { log.warn("rtmp: peer chunk size \(size) exceeds 65536", cid: cid) }
        case .windowAckSize(let size):
            ackWindow = size
        case .userControl(let event):
            if case .pingRequest(let timestamp) = event {
                try send(.userControl(.pingResponse(timestamp: timestamp)), csid: 2, streamID: 0)
            }
        case .acknowledgement, .abort, .setPeerBandwidth, .unknown:
            break
        case .audio(let payload):
            try onMedia(.audio, timestamp: raw.header.timestamp, payload: payload)
        case .video(let payload):
            try onMedia(.video, timestamp: raw.header.timestamp, payload: payload)
        case .aggregate:
            try onAggregate(raw)
        case .data(let data, _):
            try onData(data, timestamp: raw.header.timestamp)
        case .command(let command, _):
            try onCommand(command, streamID: raw.header.streamID)
        case .timecode:
            break
        }
    }

    /// Encodes and queues one message on the chunk stream. Replies to one read go out together
    /// in one write at the end of the read (and with the initial media dump of a new player),
    /// so Nagle never holds a reply back.
    func send(_ message: RTMPMessage, csid: UInt32, streamID: UInt32, timestamp: UInt32 = 0) throws {
        let encoded = message.encode()
        let header = RTMPMessageHeader(chunkStreamID: csid, timestamp: timestamp, typeID: encoded.typeID,
                                       streamID: streamID, length: encoded.payload.count)
        connection.enqueueCopy(ChunkEncoder.encode(header: header, payload: encoded.payload, chunkSize: Int(outChunkSize)))
        if case .setChunkSize(let size) = message { outChunkSize = size }
    }

    func send(_ command: RTMPCommand, streamID: UInt32 = 0, csid: UInt32 = 3) throws {
        try send(.command(command), csid: csid, streamID: streamID)
    }

    func send(_ data: RTMPData, streamID: UInt32 = 1, csid: UInt32 = 5) throws {
        try send(.data(data), csid: csid, streamID: streamID)
    }
}
