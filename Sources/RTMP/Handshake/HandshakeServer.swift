import Core

/// The server side of the RTMP handshake as a pure state machine (§5.1; SRS
/// `SrsComplexHandshake/SrsSimpleHandshake::handshake_with_client`).
///
/// Feed it every byte read from the client; write `output.send` each time it is not empty; stop
/// when `output.completion` is set and pass its `leftover` to the chunk decoder.
public struct HandshakeServer {
    private enum State {
        case awaitingC0C1
        case awaitingC2
        case finished
        case failed
    }

    /// Size of C0+C1.
    static let c0c1Size = 1 + C1S1.size

    private var state = State.awaitingC0C1
    private var buffer: [UInt8] = []
    /// Seconds for S1's time field (injectable for tests).
    private let now: () -> UInt32

    /// The handshake chosen from C1, known once S0S1S2 has been produced.
    public private(set) var mode: HandshakeMode?
    /// The layout the client used for C1 (and we used for S1), when the handshake is complex.
    public private(set) var schema: HandshakeSchema?

    /// - Parameter now: the epoch seconds written into S1 (wall clock by default).
    public init(now: @escaping () -> UInt32 = { UInt32(truncatingIfNeeded: Clock.wallMillis() / 1000) }) {
        self.now = now
        buffer.reserveCapacity(Self.c0c1Size)
    }

    /// Consumes bytes from the client; see `HandshakeOutput` for what to do with the result.
    ///
    /// Throws `HandshakeError.plainRequired` as soon as C0 is not 3, and `.fedAfterEnd` once the
    /// handshake has finished or failed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> HandshakeOutput {
        var output = HandshakeOutput()
        switch state {
        case .finished, .failed:
            throw HandshakeError.fedAfterEnd
        case .awaitingC0C1, .awaitingC2:
            break
        }
        buffer.append(contentsOf: bytes)
        if case .awaitingC0C1 = state {
            // SRS compat: SRS reads all 1537 bytes before failing; rejecting on the first byte
            // answers an HTTP request or RTMPE client at once instead of after the 30 s timeout.
            if let version = buffer.first, version != 3 {
                state = .failed
                throw HandshakeError.plainRequired(version: version)
            }
            guard buffer.count >= Self.c0c1Size else { return output }
            do {
                output.send = try respond(toC1: Array(buffer[1..<Self.c0c1Size]))
            } catch {
                state = .failed
                throw error
            }
            buffer.removeFirst(Self.c0c1Size)
            state = .awaitingC2
        }
        // C2 is not verified. SRS compat: ffmpeg's C2 would fail the check.
        if case .awaitingC2 = state, buffer.count >= C1S1.size, let mode {
            output.completion = HandshakeCompletion(mode: mode, leftover: Array(buffer[C1S1.size...]))
            buffer = []
            state = .finished
        }
        return output
    }

    /// S0+S1+S2 for `c1`: complex when C1's digest validates under schema0 or schema1, else simple.
    private mutating func respond(toC1 c1: [UInt8]) throws -> [UInt8] {
        var reply: [UInt8] = [3]
        reply.reserveCapacity(1 + 2 * C1S1.size)
        if let (schema, c1Digest) = try C1S1.validDigest(in: c1, key: HandshakeKeys.clientDigestKey) {
            // SRS compat: SRS writes a DH result into S1's key field; clients do not check it.
            let dh = try DHKeyExchange()
            reply += try C1S1.make(time: now(), version: C1S1.serverVersion, schema: schema,
                                   publicKey: dh.publicKey, digestKey: HandshakeKeys.serverDigestKey)
            reply += try C2S2.make(peerDigest: c1Digest, key: HandshakeKeys.flashMediaServer)
            self.schema = schema
            mode = .complex
        } else {
            // Simple: S1 = our time + C1's time + random; S2 = exact copy of C1.
            reply.appendUInt32(now())
            reply += c1[0..<4]
            reply += HandshakeRandom.bytes(C1S1.size - 8)
            reply += c1
            mode = .simple
        }
        return reply
    }
}
