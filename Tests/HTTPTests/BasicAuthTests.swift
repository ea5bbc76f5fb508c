import Testing
@testable import HTTP

@Suite("Basic auth")
struct BasicAuthTests {
    let auth = BasicAuth(username: "admin", password: "secret")

    @Test(arguments: ["Basic YWRtaW46c2VjcmV0", "basic YWRtaW46c2VjcmV0", "Basic  YWRtaW46c2VjcmV0 "])
    func acceptsTheCredentials(header: String) {
        #expect(auth.accepts(header))
    }

    @Test(arguments: [
        nil, "", "Basic", "Bearer YWRtaW46c2VjcmV0", "Basic YWRtaW46c2VjcmV1", "Basic YWRtaW46c2VjcmV0YQ==",
        "Basic YWRtaW46", "Basic !!!!", "Basic YWRtaW46c2VjcmV0=", "Basic YW=taW46", "Basic YWRtaW46c2VjcmV",
    ] as [String?])
    func refusesEverythingElse(header: String?) {
        #expect(!auth.accepts(header))
    }

    @Test(arguments: [("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmFy", "foobar")])
    func decodesRFC4648Vectors(encoded: String, decoded: String) {
        #expect(BasicAuth.base64Decode(Substring(encoded)) == Array(decoded.utf8))
    }

    @Test func emptyPasswordWorks() {
        #expect(BasicAuth(username: "a", password: "").accepts("Basic YTo="))
    }
}
