import TestSupport
import HTTP
import Testing

@Suite struct HTTPResponseParserFuzzTests {
    private let limits = HTTPClientLimits(headBytes: 256, headerCount: 8, chunkHeaderBytes: 32, trailerBytes: 64,
                                          bodyBytes: 256)

    /// Streams `bytes` fed in random pieces (then EOF) through a parser and a collector; whether both ended,
    /// and whether either rejected the input.
    @discardableResult
    private func exercise(_ bytes: [UInt8], using generator: inout SplitMix64) -> (ended: Bool, rejected: Bool) {
        var parser = HTTPResponseParser(limits: limits)
        var collector = HTTPResponseCollector(limits: limits)
        var offset = 0
        var ended = false
        var body = 0
        do throws(HTTPClientError) {
            while offset < bytes.count {
                let end = min(bytes.count, offset + Int.random(in: 1...48, using: &generator))
                parser.feed(Array(bytes[offset..<end]))
                collector.feed(Array(bytes[offset..<end]))
                offset = end
                while let event = try parser.next() {
                    if case .body(let piece) = event { body += piece.count }
                    if case .end = event { ended = true }
                }
                if let response = try collector.response() { #expect(response.body.count <= 256) }
            }
            parser.finish()
            collector.finish()
            while let event = try parser.next() {
                if case .end = event { ended = true }
            }
            _ = try collector.response()
        } catch {
            #expect(!error.description.isEmpty)
            return (ended, true)
        }
        #expect(body <= bytes.count)
        return (ended, false)
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SplitMix64(seed: 0x5EED_C001)
        let alphabet: [UInt8] = Array("HTTP/1.1 200 OK\r\n:Content-Length: 5\tTransfer-Encoding: chunked;0a\r\n".utf8)
            + [0, 0x7F, 0xFF]
        for _ in 0..<3000 {
            let count = Int.random(in: 0...300, using: &generator)
            let bytes: [UInt8] = (0..<count).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator) ?? 0
                    : UInt8.random(in: 0...255, using: &generator)
            }
            exercise(bytes, using: &generator)
        }
    }

    @Test func mutatedValidResponsesNeverCrashTheParser() {
        var generator = SplitMix64(seed: 0x5EED_C002)
        let seeds = ResponseSamples.all.filter { $0.method == "GET" }.map(\.bytes)
        var ended = 0
        var rejected = 0
        for _ in 0..<3000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                default: bytes = Array(bytes[..<index])
                }
            }
            let outcome = exercise(bytes, using: &generator)
            ended += outcome.ended ? 1 : 0
            rejected += outcome.rejected ? 1 : 0
        }
        // Both paths must really be exercised, or this test proves nothing.
        #expect(ended > 300 && rejected > 300, "ended \(ended), rejected \(rejected)")
    }
}
