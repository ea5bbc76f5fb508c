import API
import Testing

@Suite struct APIEnvelopeTests {
    @Test func successStartsWithCodeServerServiceAndPidAsString() {
        let body = EndpointFixtures.envelope.success([("data", ["x": 1])])
        #expect(body.encoded == #"{"code":0,"server":"vid-k21d7y2","service":"4s5x4k3v","pid":"7","data":{"x":1}}"#)
    }

    @Test func errorsCarryOnlyTheCode() {
        #expect(APIEnvelope.error(code: 2048).encoded == #"{"code":2048}"#)
        #expect(APIBodies.testError().encoded == #"{"code":100}"#)
    }

    @Test func aKickedClientGetsTheBareEnvelope() {
        #expect(EndpointFixtures.bodies.clientKicked().keys == EndpointFixtures.envelopeKeys)
    }

    @Test func versionsMatchTheSRSExampleExactly() {
        let body = EndpointFixtures.bodies.versions(VersionInfo(major: 5, minor: 0, revision: 216, version: "5.0.216"))
        #expect(body.encoded == #"{"code":0,"server":"vid-k21d7y2","service":"4s5x4k3v","pid":"7","data":{"major":5,"minor":0,"revision":216,"version":"5.0.216"}}"#)
    }
}
