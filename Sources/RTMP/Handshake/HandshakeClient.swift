import Core

/// The client side of the RTMP handshake as a pure state machine (§5.1; SRS
/// `SrsComplexHandshake/SrsSimpleHandshake::handshake_with_server`), for edge pulls and load tools.
///
/// Write `c0c1` once connected, then feed every byte read from the server; write `output.send`
/// (C2) and pass `output.completion.leftover` to the chunk decoder.
public struct HandshakeClient {
    private enum State {
        case awaitingS0S1S2
        case finished
        case failed
    }

    /// Size of S0+S1+S2.
    static let s0s1s2Size = 1 + 2 * C1S1.size

    /// C0+C1 to send first: complex (schema1, version 0x80000702, signed) or simple.
    public let c0c1: [UInt8]

    private let requestedMode: HandshakeMode
    private var state = State.awaitingS0S1S2
    private var buffer: [UInt8] = []

    /// - Parameters:
    ///   - mode: `.complex` (what SRS sends as a client) or `.simple`.
    ///   - now: the epoch seconds written into C1.
    public init(
        mode: HandshakeMode = .complex,
        now: UInt32 = UInt32(truncatingIfNeeded: Clock.wallMillis() / 1000)
    ) throws {
        requestedMode = mode
        var bytes: [UInt8] = [3]
        bytes.reserveCapacity(1 + C1S1.size)
        switch mode {
        case .complex:
            // SRS compat: FMS requires schema1 (digest block first) from clients.
            let dh = try DHKeyExchange()
            bytes += try C1S1.make(time: now, version: C1S1.clientVersion, schema: .schema1,
                                   publicKey: dh.publicKey, digestKey: HandshakeKeys.clientDigestKey)
        case .simple:
            bytes.appendUInt32(now)
            bytes.appendUInt32(0)
            bytes += HandshakeRandom.bytes(C1S1.size - 8)
        }
        c0c1 = bytes
        buffer.reserveCapacity(Self.s0s1s2Size)
    }

    /// Consumes bytes from the server; once S0S1S2 is complete, returns C2 to send and the completion.
    ///
    /// Throws `HandshakeError.serverPlainRequired` as soon as S0 is not 3, and `.fedAfterEnd` once
    /// the handshake has finished or failed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> HandshakeOutput {
        switch state {
        case .finished, .failed:
            throw HandshakeError.fedAfterEnd
        case .awaitingS0S1S2:
            break
        }
        buffer.append(contentsOf: bytes)
        if let version = buffer.first, version != 3 {
            state = .failed
            throw HandshakeError.serverPlainRequired(version: version)
        }
        guard buffer.count >= Self.s0s1s2Size else { return HandshakeOutput() }
        let s1 = Array(buffer[1...C1S1.size])
        let reply: (c2: [UInt8], mode: HandshakeMode)
        do {
            reply = try c2(answering: s1)
        } catch {
            state = .failed
            throw error
        }
        let leftover = Array(buffer[Self.s0s1s2Size...])
        buffer = []
        state = .finished
        return HandshakeOutput(send: reply.c2, completion: HandshakeCompletion(mode: reply.mode, leftover: leftover))
    }

    /// C2 for `s1`: the complex digest answer when S1 carries a valid FMS digest, else a copy of S1.
    ///
    /// S1 is not otherwise verified and S2 not at all. SRS compat: nginx-rtmp's S1 would fail.
    private func c2(answering s1: [UInt8]) throws -> (c2: [UInt8], mode: HandshakeMode) {
        switch requestedMode {
        case .complex:
            if let (_, s1Digest) = try C1S1.validDigest(in: s1, key: HandshakeKeys.serverDigestKey) {
                return (try C2S2.make(peerDigest: s1Digest, key: HandshakeKeys.flashPlayer), .complex)
            }
            return (s1, .simple)
        case .simple:
            return (s1, .simple)
        }
    }
}
