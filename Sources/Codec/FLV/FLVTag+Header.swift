import Core

extension FLVTag {
    /// A parsed 11-byte tag header (FLV spec v10 §E.4.1).
    public struct Header: Equatable, Sendable {
        public var kind: MediaPacket.Kind
        public var dataSize: Int
        public var timestamp: UInt32
        public var streamID: UInt32

        public init(kind: MediaPacket.Kind, dataSize: Int, timestamp: UInt32, streamID: UInt32 = 0) {
            self.kind = kind
            self.dataSize = dataSize
            self.timestamp = timestamp
            self.streamID = streamID
        }

        /// Reads a tag header at the reader's position.
        ///
        /// The Filter bit and the two reserved bits of the type byte are ignored (encrypted
        /// FLV is not supported, so the body would not decode anyway).
        public init(from reader: inout ByteReader) throws(CodecError) {
            let typeByte = try reader.u8("flv tag header")
            guard let kind = MediaPacket.Kind(rawValue: typeByte & 0x1F) else {
                throw .flvUnknownTagType(typeByte & 0x1F)
            }
            guard reader.remaining >= FLVTag.headerSize - 1 else {
                throw .truncated(context: "flv tag header", offset: reader.offset,
                                 needed: FLVTag.headerSize - 1, available: reader.remaining)
            }
            let dataSize = Int(try reader.u24("flv tag header"))
            let low = try reader.u24("flv tag header")
            let high = UInt32(try reader.u8("flv tag header"))
            let streamID = try reader.u24("flv tag header")
            self.init(kind: kind, dataSize: dataSize, timestamp: high << 24 | low, streamID: streamID)
        }

        /// Parses the 11 bytes at the start of `bytes`.
        public init(parsing bytes: [UInt8]) throws(CodecError) {
            var reader = ByteReader(bytes)
            try self.init(from: &reader)
        }
    }
}
