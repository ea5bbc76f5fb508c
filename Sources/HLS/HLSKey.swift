/// One AES-128 key of a stream (`hls_keys`): SRS makes a new one for every segment whose sequence
/// number is a multiple of `hls_fragments_per_key`, and every segment up to the next one is
/// encrypted with it and the same IV.
public struct HLSKey: Equatable, Sendable {
    /// The sequence number of the first segment it encrypts (the `[seq]` of its file name).
    public var sequence: Int
    /// The key file (16 raw bytes).
    public var path: String
    /// The `URI` attribute of its `#EXT-X-KEY` line.
    public var uri: String
    /// The 16-byte IV every segment under this key starts CBC with; written as `IV=0x…`, so
    /// players do not derive it from the media sequence number (RFC 8216 §5.2).
    public var iv: [UInt8]

    public init(sequence: Int, path: String, uri: String, iv: [UInt8]) {
        self.sequence = sequence
        self.path = path
        self.uri = uri
        self.iv = iv
    }

    /// SRS's playlist line: `#EXT-X-KEY:METHOD=AES-128,URI="<uri>",IV=0x<32 uppercase hex>`.
    public var tag: String { "#EXT-X-KEY:METHOD=AES-128,URI=\"\(uri)\",IV=0x\(HLSCipher.hex(iv))" }
}
