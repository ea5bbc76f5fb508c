import HTTP
import Testing

/// The parser as an HTTP-FLV pull uses it: a body that never ends, handed out as it arrives.
@Suite struct HTTPResponseParserStreamingTests {
    private let flvHead = "HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nTransfer-Encoding: chunked\r\n\r\n"

    /// Every event available now, as text: `head 200`, the body pieces, `end`.
    private func drain(_ parser: inout HTTPResponseParser) throws -> [String] {
        var events: [String] = []
        while let event = try parser.next() {
            switch event {
            case .head(let head): events.append("head \(head.status.code)")
            case .body(let bytes): events.append(String(decoding: bytes, as: UTF8.self))
            case .end: events.append("end")
            }
        }
        return events
    }

    @Test func handsOutChunkedBodyBytesAsSoonAsTheyArriveAndBuffersNothing() throws {
        var parser = HTTPResponseParser()
        parser.feed(Array((flvHead + "5\r\nhel").utf8))
        #expect(try drain(&parser) == ["head 200", "hel"])
        #expect(parser.bufferedByteCount == 0)
        parser.feed(Array("lo\r\n3;ext\r\nabc\r\n".utf8))
        #expect(try drain(&parser) == ["lo", "abc"])
        #expect(parser.bufferedByteCount == 0)
        parser.feed(Array("a".utf8))
        // An unfinished chunk-size line is all that stays buffered.
        #expect(try drain(&parser) == [])
        #expect(parser.bufferedByteCount == 1)
        parser.feed(Array("\r\n0123456789\r\n0\r\n\r\n".utf8))
        #expect(try drain(&parser) == ["0123456789", "end"])
        #expect(parser.isDone)
        #expect(try parser.next() == nil)
    }

    @Test func aLongChunkedStreamStaysWithinOneUnfinishedLineOfBuffering() throws {
        var parser = HTTPResponseParser()
        parser.feed(Array(flvHead.utf8))
        #expect(try drain(&parser) == ["head 200"])
        var received = 0
        var sent = 0
        let piece = [UInt8](repeating: 0x46, count: 4096)
        for round in 0..<500 {
            var bytes = HTTPChunked.frame(piece)
            sent += piece.count
            // Cut each round at a different place so chunk headers and data are split everywhere.
            let cut = (round * 37) % bytes.count
            parser.feed(Array(bytes[..<cut]))
            bytes = Array(bytes[cut...])
            while let event = try parser.next() {
                guard case .body(let body) = event else { Issue.record("unexpected \(event)"); return }
                received += body.count
            }
            #expect(parser.bufferedByteCount < 8, "round \(round)")
            parser.feed(bytes)
            while let event = try parser.next() {
                guard case .body(let body) = event else { Issue.record("unexpected \(event)"); return }
                received += body.count
            }
            #expect(parser.bufferedByteCount == 0)
        }
        #expect(received == sent)
        #expect(!parser.isDone)
    }

    @Test func streamsAContentLengthBodyWithoutWaitingForAllOfIt() throws {
        var parser = HTTPResponseParser()
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\nFLV".utf8))
        #expect(try drain(&parser) == ["head 200", "FLV"])
        parser.feed(Array("data".utf8))
        #expect(try drain(&parser) == ["data"])
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func streamsAnUntilCloseBodyAndEndsAtFinish() throws {
        var parser = HTTPResponseParser()
        parser.feed(Array("HTTP/1.0 200 OK\r\nContent-Type: video/x-flv\r\n\r\nFLV".utf8))
        #expect(try drain(&parser) == ["head 200", "FLV"])
        parser.feed(Array("\u{1}".utf8))
        #expect(try drain(&parser) == ["\u{1}"])
        parser.finish()
        #expect(try drain(&parser) == ["end"])
        parser.feed(Array("late".utf8))
        #expect(try drain(&parser) == [])
    }

    @Test func theHeadIsAvailableBeforeAnyBodyByte() throws {
        var parser = HTTPResponseParser()
        parser.feed(Array(flvHead.utf8))
        guard case .head(let head)? = try parser.next() else { Issue.record("no head"); return }
        #expect(head.headers["Content-Type"] == "video/x-flv")
        #expect(head.framing == .chunked)
        #expect(try parser.next() == nil)
    }
}
