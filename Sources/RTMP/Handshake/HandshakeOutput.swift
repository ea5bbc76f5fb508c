/// Which handshake was performed, for the `complex handshake success` / `simple handshake success.` log.
public enum HandshakeMode: Sendable, Equatable {
    /// Digest-signed C1/S1 with DH keys (§5.1 complex).
    case complex
    /// Plain echo handshake (§5.1 simple).
    case simple
}

/// The end of a successful handshake.
public struct HandshakeCompletion: Equatable {
    /// Which handshake was performed.
    public var mode: HandshakeMode
    /// Bytes received after the last handshake packet: the start of the chunk stream (often the
    /// first chunks of `connect`). Feed them to the chunk decoder before reading more.
    public var leftover: [UInt8]

    public init(mode: HandshakeMode, leftover: [UInt8]) {
        self.mode = mode
        self.leftover = leftover
    }
}

/// What a driver must do after feeding bytes to a handshake: first write `send` (if not empty),
/// then, if `completion` is set, hand `completion.leftover` to the chunk stream.
public struct HandshakeOutput: Equatable {
    /// Bytes to write to the peer now, before anything else; empty when there is nothing to send.
    public var send: [UInt8]
    /// Set exactly once, when the handshake has completed.
    public var completion: HandshakeCompletion?

    public init(send: [UInt8] = [], completion: HandshakeCompletion? = nil) {
        self.send = send
        self.completion = completion
    }

    /// Nothing to send and not finished: read more bytes.
    public var needsMore: Bool { send.isEmpty && completion == nil }
}
