/// The segment being filled (its bytes live in the muxer's reusable buffer).
struct HLSOpenSegment: Equatable {
    var sequence: Int
    /// The file path, templates applied except `[duration]` (known at close).
    var path: String
    var uri: String
    var discontinuity: Bool
    /// How it is encrypted at close (`hls_keys`).
    var encryption: Encryption

    enum Encryption: Equatable {
        case none
        /// AES-128 under `key` with the 16-byte `secret` from its file.
        case aes128(key: HLSKey, secret: [UInt8])
        /// `hls_keys` is on but its key file could not be written: never published in clear.
        case keyMissing
    }
}
