import Testing
@testable import RTMP

/// Split feeding at every byte offset and one-byte drip must give the same result as one feed.
@Suite("Handshake streaming input")
struct HandshakeStreamingTests {
    typealias F = HandshakeFixtures

    /// Everything one side produced while being fed `chunks`, as a driver would see it.
    struct Transcript {
        var sent: [UInt8] = []
        var sends = 0
        var mode: HandshakeMode?
        /// The completion's leftover plus every byte read after completion (the chunk stream).
        var chunkStream: [UInt8] = []
    }

    /// Feeds `chunks` like a connection driver: after completion, bytes go to the chunk stream.
    static func drive(
        _ feed: (ArraySlice<UInt8>) throws -> HandshakeOutput, chunks: [ArraySlice<UInt8>]
    ) throws -> Transcript {
        var transcript = Transcript()
        for chunk in chunks where !chunk.isEmpty {
            if transcript.mode != nil {
                transcript.chunkStream += chunk
                continue
            }
            let output = try feed(chunk)
            if !output.send.isEmpty {
                transcript.sent += output.send
                transcript.sends += 1
            }
            if let completion = output.completion {
                transcript.mode = completion.mode
                transcript.chunkStream = completion.leftover
            }
        }
        return transcript
    }

    static let serverInput = F.c0c1(F.unsignedC1) + F.c2 + F.connectStart

    @Test func serverGivesTheSameResultSplitAtEveryOffset() throws {
        let whole = Self.serverInput
        for cut in 0...whole.count {
            var server = HandshakeServer(now: { 9 })
            let transcript = try Self.drive({ try server.feed($0) }, chunks: [whole[..<cut], whole[cut...]])
            #expect(transcript.sends == 1)
            #expect(transcript.sent.count == 3073)
            #expect(Array(transcript.sent[1537...]) == F.unsignedC1)
            #expect(transcript.mode == .simple && transcript.chunkStream == F.connectStart, "cut \(cut)")
        }
    }

    @Test func complexServerGivesTheSameResultSplitAtEveryOffset() throws {
        let whole = F.c0c1(F.signedC1(.schema0)) + F.c2 + F.connectStart
        for cut in 0...whole.count {
            var server = HandshakeServer()
            let transcript = try Self.drive({ try server.feed($0) }, chunks: [whole[..<cut], whole[cut...]])
            #expect(transcript.sends == 1 && transcript.sent.count == 3073)
            #expect(server.schema == .schema0)
            #expect(transcript.mode == .complex && transcript.chunkStream == F.connectStart, "cut \(cut)")
        }
    }

    @Test("server completes on a one-byte drip", arguments: [HandshakeMode.complex, .simple])
    func serverDrip(mode: HandshakeMode) throws {
        let c1 = mode == .complex ? F.signedC1(.schema1) : F.unsignedC1
        let whole = F.c0c1(c1) + F.c2
        var server = HandshakeServer()
        var outputs: [HandshakeOutput] = []
        for index in whole.indices { outputs.append(try server.feed(whole[index...index])) }
        #expect(outputs.filter { !$0.send.isEmpty }.count == 1)
        #expect(outputs[1536].send.count == 3073)
        #expect(outputs.dropLast().allSatisfy { $0.completion == nil })
        #expect(outputs.last?.completion == HandshakeCompletion(mode: mode, leftover: []))
    }

    @Test func serverNeverFinishesOnAnyTruncation() throws {
        let whole = Self.serverInput.prefix(1537 + 1536)
        for length in 0..<whole.count {
            var server = HandshakeServer()
            let output = try server.feed(whole.prefix(length))
            #expect(output.completion == nil, "length \(length)")
            #expect(output.send.count == (length >= 1537 ? 3073 : 0))
        }
    }

    static let clientInput: [UInt8] = [3] + F.pattern + F.c2 + F.connectStart

    @Test func clientGivesTheSameResultSplitAtEveryOffsetAndOnADrip() throws {
        let whole = Self.clientInput
        for cut in 0...whole.count {
            var client = try HandshakeClient(mode: .simple)
            let transcript = try Self.drive({ try client.feed($0) }, chunks: [whole[..<cut], whole[cut...]])
            #expect(transcript.sent == F.pattern && transcript.sends == 1)
            #expect(transcript.mode == .simple && transcript.chunkStream == F.connectStart, "cut \(cut)")
        }
        let exact = whole.prefix(3073)
        var client = try HandshakeClient()
        let transcript = try Self.drive({ try client.feed($0) }, chunks: exact.indices.map { exact[$0...$0] })
        #expect(transcript.sent == F.pattern && transcript.sends == 1)
        #expect(transcript.mode == .simple && transcript.chunkStream.isEmpty)
    }

    @Test func clientNeverFinishesOnAnyTruncation() throws {
        for length in 0..<3073 {
            var client = try HandshakeClient(mode: .simple)
            #expect(try client.feed(Self.clientInput.prefix(length)).needsMore, "length \(length)")
        }
    }
}
