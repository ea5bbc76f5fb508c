import HTTPRemux
import Testing

/// Which HTTPS listeners the settings open, with which routes and files.
@Suite struct HTTPSListenerSettingsTests {
    static let a = TLSFiles(key: "a.key", cert: "a.crt"), b = TLSFiles(key: "b.key", cert: "b.crt")

    static func settings(api: Int = 1985, server: Int = 8080, apis: Int?, https: Int?,
                         apiFiles: TLSFiles = a, serverFiles: TLSFiles = a) -> HTTPServerSettings {
        HTTPServerSettings(apiEnabled: true, apiEndpoint: HTTPEndpoint(host: "0.0.0.0", port: api),
                           serverEnabled: true, serverEndpoint: HTTPEndpoint(host: "0.0.0.0", port: server),
                           root: "./", crossDomain: true,
                           apiHTTPS: apis.map { HTTPSListenerSettings(endpoint: HTTPEndpoint(host: "0.0.0.0", port: $0), files: apiFiles) },
                           serverHTTPS: https.map { HTTPSListenerSettings(endpoint: HTTPEndpoint(host: "0.0.0.0", port: $0), files: serverFiles) })
    }

    static let cases: [(HTTPServerSettings, [Int: HTTPSListenerSpec])] = [
        (settings(apis: nil, https: nil), [:]),
        (settings(apis: 1990, https: 8088, serverFiles: b),
         [1990: HTTPSListenerSpec(role: .api, files: a), 8088: HTTPSListenerSpec(role: .server, files: b)]),
        (settings(apis: 1990, https: nil), [1990: HTTPSListenerSpec(role: .api, files: a)]),
        (settings(apis: nil, https: 8088), [8088: HTTPSListenerSpec(role: .server, files: a)]),
        // The API reuses the server's port: one HTTPS listener (the server's files) serves both.
        (settings(api: 8080, apis: 8088, https: 8088, apiFiles: b),
         [8088: HTTPSListenerSpec(role: [.api, .server], files: a)]),
        (settings(apis: 8088, https: 8088), [8088: HTTPSListenerSpec(role: [.api, .server], files: a)]),
    ]

    @Test(arguments: cases.indices)
    func opensTheListenersSRSOpens(index: Int) {
        let (settings, expected) = Self.cases[index]
        let got = Dictionary(uniqueKeysWithValues: settings.secureEndpoints.map { ($0.key.port, $0.value) })
        #expect(got == expected)
        #expect(settings.tlsFiles == Set(expected.values.map(\.files)))
        // The plain listeners do not change.
        #expect(settings.endpoints.count == (settings.apiReusesServer ? 1 : 2))
    }

    @Test func httpsListenersAreNamedAsSRSNamesThem() {
        #expect(HTTPListenerRole.api.label(secure: true) == "HTTPS-API")
        #expect(HTTPListenerRole.server.label(secure: true) == "HTTPS-Server")
        #expect(HTTPListenerRole([.api, .server]).label(secure: true) == "HTTPS-Server (API reuses https)")
    }
}
