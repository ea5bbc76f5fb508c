import TestSupport
import HTTP
import Testing

@Suite struct HTTPRequestParserFuzzTests {
    /// Parses `bytes` fed in random pieces; returns how many requests came out and whether it was rejected.
    @discardableResult
    private func exercise(_ bytes: [UInt8], using generator: inout SplitMix64) -> (requests: Int, rejected: Bool) {
        var requests = 0
        var parser = HTTPRequestParser(limits: HTTPLimits(requestLineBytes: 256, headerBytes: 512, headerCount: 8,
                                                          bodyBytes: 256))
        var offset = 0
        while offset < bytes.count {
            let size = Int.random(in: 1...64, using: &generator)
            let end = min(bytes.count, offset + size)
            parser.feed(Array(bytes[offset..<end]))
            offset = end
            do {
                while let request = try parser.next() {
                    #expect(request.body.count <= 256)
                    if request.headers["Content-Length"] == nil { #expect(request.body.isEmpty) }
                    #expect(request.path.utf8.contains(0) == false)
                    requests += 1
                }
            } catch {
                #expect(error.status.code >= 400)
                return (requests, true)
            }
        }
        return (requests, false)
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SplitMix64(seed: 0x5EED_0001)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...300, using: &generator)
            let alphabet: [UInt8] = Array("GET /%:\r\n HTTP/1.0 Content-Length: 5\t,".utf8) + [0, 0x7F, 0xFF]
            let bytes: [UInt8] = (0..<count).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)!
                    : UInt8.random(in: 0...255, using: &generator)
            }
            exercise(bytes, using: &generator)
        }
    }

    @Test func mutatedValidRequestsNeverCrashTheParser() {
        var generator = SplitMix64(seed: 0x5EED_0002)
        let seeds = RequestSamples.texts.map { Array($0.utf8) } + [RequestSamples.bodyRequest]
        var parsed = 0
        var rejected = 0
        for _ in 0..<3000 {
            var bytes = seeds.randomElement(using: &generator)!
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
            parsed += outcome.requests
            rejected += outcome.rejected ? 1 : 0
        }
        // Both paths must really be exercised, or this test proves nothing.
        #expect(parsed > 300 && rejected > 300)
    }
}
