import API
import Testing

@Suite struct TestEndpointsTests {
    @Test func testRequestsShowsServerInfoUnderHeadersLikeSRSBug() {
        let body = EndpointFixtures.bodies.testRequests(uri: "/api/v1/tests/requests?x=1", path: "/api/v1/tests/requests",
                                                        method: "GET", nowMillis: 42)
        #expect(body["data"]?.keys == ["uri", "path", "METHOD", "headers"])
        #expect(body["data", "headers"]?.keys == ["sigature", "version", "link", "time"])
        #expect(body["data", "headers", "version"] == "5.0.216")
        #expect(body["data", "headers", "time"] == 42)
    }
}
