import Codec
import Core
@testable import RTMPService
import Testing

@Suite struct MetadataRewriterTests {
    @Test func setDataFrameBecomesOnMetaDataObjectWithServerAndWithoutDuration() throws {
        let ecma: AMF0Object = ["duration": .number(20), "width": .number(1280), "height": .number(720)]
        let result = try #require(MetadataRewriter.rewrite(name: "@setDataFrame",
                                                           values: [.string("onMetaData"), .ecmaArray(ecma)]))
        let values = try AMF0Decoder.decodeAll(result.payload)
        #expect(values.first == .string("onMetaData"))
        guard case .object(let object) = values[1] else {
            Issue.record("metadata must be re-encoded as an AMF0 object, not an ECMA array")
            return
        }
        #expect(object["duration"] == nil)
        #expect(object["width"] == .number(1280))
        #expect(object["server"] == .string("SRS/5.0.216(Bee)"))
        #expect(object["server_version"] == .string("5.0.216"))
        #expect(result.summary.height == 720)
    }

    @Test func otherDataMessagesAreNotMetadata() {
        #expect(MetadataRewriter.rewrite(name: "onCuePoint", values: []) == nil)
        #expect(MetadataRewriter.rewrite(name: "@setDataFrame", values: [.string("onTextData")]) == nil)
    }

    @Test func emptyMetadataIsAccepted() throws {
        let result = try #require(MetadataRewriter.rewrite(name: "onMetaData", values: []))
        #expect(try AMF0Decoder.decodeAll(result.payload).count == 2)
    }

    @Test func connectionLimiterGivesSlotsBack() {
        let limiter = ConnectionLimiter(maxConnections: 2)
        #expect(limiter.acquire() && limiter.acquire())
        #expect(!limiter.acquire())
        limiter.release()
        #expect(limiter.acquire())
    }
}
