import HTTP
import Testing

@Suite struct HTTPResponseParserTests {
    @Test func collectsAHookReplyFramedByContentLength() throws {
        let response = try #require(try collect(ResponseSamples.hookReply).get())
        #expect(response.status == .ok)
        #expect(response.head.reason == "OK")
        #expect(response.head.version == .http11)
        #expect(response.headers.map(\.name) == ["Server", "Content-Type", "Content-Length"])
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.head.framing == .contentLength(11))
        #expect(response.bodyText == "{\"code\":0}\n")
    }

    @Test func dechunksIgnoringExtensionsAndTrailers() throws {
        let response = try #require(try collect(ResponseSamples.chunkedWithExtensionsAndTrailers).get())
        #expect(response.head.framing == .chunked)
        #expect(response.bodyText == "hello world")
        // Trailer fields are not merged into the head.
        #expect(response.headers["X-Trailer"] == nil)
    }

    @Test func skipsInterimResponsesAndReturnsTheFinalOne() throws {
        let sample = ResponseSamples.all[2]
        let response = try #require(try collect(chunks: [sample.bytes]).get())
        #expect(response.status.code == 201)
        #expect(response.head.reason == "Created")
        #expect(response.headers.map(\.name) == ["Content-Length"])
        #expect(response.bodyText == "ok")
    }

    @Test func readsUntilCloseOnlyOnceFinishIsCalled() throws {
        let text = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nread until close"
        #expect(try collect(text).get() == nil)
        let response = try #require(try collect(text, eof: true).get())
        #expect(response.head.framing == .untilClose)
        #expect(response.head.version == .http10)
        #expect(response.bodyText == "read until close")
    }

    @Test func bodilessStatusesAndHeadResponsesEndRightAfterTheHead() throws {
        for sample in ResponseSamples.all where sample.body.isEmpty {
            let summary = try stream(chunks: [sample.bytes], method: sample.method).get()
            #expect(summary.head?.code == sample.code)
            #expect(summary.ended && summary.bodyEvents == 0, "\(summary)")
        }
        #expect(try stream("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", method: "HEAD").get().head?.framing == .noBody)
        #expect(try stream("HTTP/1.1 204 No Content\r\n\r\n").get().head?.framing == .noBody)
    }

    @Test func acceptsAMissingOrEmptyReasonPhraseAndBareLineFeeds() throws {
        let missing = try #require(try stream("HTTP/1.1 404\nContent-Length: 0\n\n").get().head)
        #expect(missing.code == 404 && missing.reason == "")
        let empty = try #require(try stream("HTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n").get().head)
        #expect(empty.code == 500 && empty.reason == "")
        let spaced = try #require(try stream("HTTP/1.1 200 All Good\there\r\nContent-Length: 0\r\n\r\n").get().head)
        #expect(spaced.reason == "All Good\there")
        #expect(try stream("HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n").get().head?.version == .http11)
    }

    @Test func acceptsEqualDuplicateContentLengths() throws {
        let response = try #require(try collect("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok").get())
        #expect(response.bodyText == "ok")
    }

    @Test func splittingEverySampleAtEveryByteOffsetGivesTheSameResponse() throws {
        for sample in ResponseSamples.all {
            let whole = try stream(chunks: [sample.bytes], eof: sample.eof, method: sample.method).get()
            #expect(whole.head?.code == sample.code)
            #expect(whole.body == sample.body)
            #expect(whole.ended)
            for offset in 0...sample.bytes.count {
                let pieces = [Array(sample.bytes[..<offset]), Array(sample.bytes[offset...])]
                let split = try stream(chunks: pieces, eof: sample.eof, method: sample.method).get()
                #expect(split.head == whole.head && split.body == whole.body && split.ended, "split at \(offset)")
                let collected = try collect(chunks: pieces, eof: sample.eof, method: sample.method).get()
                #expect(collected?.body == sample.body, "collected split at \(offset)")
            }
        }
    }

    @Test func oneByteDripGivesTheSameResponse() throws {
        for sample in ResponseSamples.all {
            let whole = try stream(chunks: [sample.bytes], eof: sample.eof, method: sample.method).get()
            let drip = try stream(chunks: sample.bytes.map { [$0] }, eof: sample.eof, method: sample.method).get()
            #expect(drip.head == whole.head && drip.body == whole.body && drip.ended)
        }
    }

    @Test func feedsFromRawBufferPointers() throws {
        var parser = HTTPResponseParser()
        Array(ResponseSamples.hookReply.utf8).withUnsafeBytes { parser.feed($0) }
        guard case .head(let head)? = try parser.next() else { Issue.record("no head"); return }
        #expect(head.status == .ok)
        var collector = HTTPResponseCollector()
        Array(ResponseSamples.hookReply.utf8).withUnsafeBytes { collector.feed($0) }
        #expect(try collector.response()?.body.count == 11)
    }

    @Test func theCollectorReturnsTheResponseOnceThenNil() throws {
        var collector = HTTPResponseCollector()
        collector.feed(Array(ResponseSamples.hookReply.utf8))
        #expect(try collector.response() != nil)
        #expect(try collector.response() == nil)
    }

    @Test func bytesAfterTheEndOfTheResponseAreIgnored() throws {
        var parser = HTTPResponseParser()
        parser.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA".utf8))
        var events: [String] = []
        while let event = try parser.next() {
            switch event {
            case .head: events.append("head")
            case .body(let bytes): events.append(String(decoding: bytes, as: UTF8.self))
            case .end: events.append("end")
            }
        }
        #expect(events == ["head", "ok", "end"])
        #expect(parser.isDone)
        parser.feed(Array("more".utf8))
        #expect(try parser.next() == nil)
    }

    @Test func exposesRedirectsAndTheirLocation() throws {
        let response = try #require(try collect("HTTP/1.1 302 Found\r\nLocation: /live/b.flv\r\nContent-Length: 0\r\n\r\n").get())
        #expect(response.head.isRedirect)
        #expect(response.head.location == "/live/b.flv")
        let ok = try #require(try collect(ResponseSamples.hookReply).get())
        #expect(!ok.head.isRedirect && ok.head.location == nil)
    }

    @Test func limitsAreTheDocumentedDefaults() {
        #expect(HTTPClientLimits.default == HTTPClientLimits(headBytes: 16_384, headerCount: 100, chunkHeaderBytes: 4096,
                                                             trailerBytes: 16_384, bodyBytes: 1_048_576))
    }
}
