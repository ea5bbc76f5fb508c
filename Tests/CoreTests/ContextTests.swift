import Core
import Testing

@Suite struct ContextTests {
    @Test func contextIDsAreEightLowercaseAlphanumerics() {
        for _ in 0..<100 {
            let id = ContextID.make().value
            #expect(id.count == 8)
            #expect(id.allSatisfy { $0.isNumber || ($0.isLetter && $0.isLowercase) })
        }
    }

    @Test func wrappedErrorsReadOutermostFirstAndKeepTheSRSCode() {
        struct Busy: Error, SRSCoded, CustomStringConvertible {
            var srsCode: Int { 1028 }
            var description: String { "busy" }
        }
        let error = Busy().wrapped("source").wrapped("rtmp: publish")
        #expect(error.description == "rtmp: publish: source: busy")
        #expect(error.srsCode() == 1028)
        #expect(error.root is Busy)
    }

    @Test func sharedBytesCopiesAndExposesItsBytes() {
        let bytes = SharedBytes([1, 2, 3])
        #expect(bytes.count == 3)
        #expect(bytes[2] == 3)
        #expect(bytes.array(1..<3) == [2, 3])
    }
}
