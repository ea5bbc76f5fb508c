import FuzzSupport
import RTMP

/// The RTMP handshake, both sides: what a client sends the server (C0 C1 C2) and what a server
/// sends our edge or forwarder client (S0 S1 S2).
///
/// Byte 0: bit 0 picks the side (0 server, 1 client), bit 1 the client's mode (complex or
/// simple), the rest how the bytes are cut into reads. Feeding after the end must throw.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandshake(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let control = input.first else { return 0 }
    let pieces = FuzzInput.pieces(input.dropFirst(), pattern: control >> 2)
    if control & 1 == 0 {
        var server = HandshakeServer(now: { 0 })
        feed(pieces) { try server.feed($0) }
    } else {
        var client = control & 2 == 0 ? complexClient : simpleClient
        feed(pieces) { try client.feed($0) }
    }
    return 0
}

/// Made once: a complex client generates a DH key pair, which would dominate each run.
private let complexClient = try! HandshakeClient(mode: .complex, now: 0)
private let simpleClient = try! HandshakeClient(mode: .simple, now: 0)

private func feed(_ pieces: [ArraySlice<UInt8>], _ step: (ArraySlice<UInt8>) throws -> HandshakeOutput) {
    var finished = false
    for piece in pieces {
        do {
            let output = try step(piece)
            if finished { fuzzCheck(false, "fed after the end without an error") }
            if output.completion != nil { finished = true }
        } catch {
            return
        }
    }
}
