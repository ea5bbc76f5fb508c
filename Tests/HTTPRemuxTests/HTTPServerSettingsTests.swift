import HTTPRemux
import Testing

@Suite struct HTTPServerSettingsTests {
    static func settings(api: Int? = 1985, server: Int? = 8080, exporter: Int? = 9972) -> HTTPServerSettings {
        HTTPServerSettings(apiEnabled: api != nil, apiEndpoint: HTTPEndpoint(host: "0.0.0.0", port: api ?? 1985),
                           serverEnabled: server != nil, serverEndpoint: HTTPEndpoint(host: "0.0.0.0", port: server ?? 8080),
                           root: "./", crossDomain: true, exporterEnabled: exporter != nil,
                           exporterEndpoint: HTTPEndpoint(host: "127.0.0.1", port: exporter ?? 9972))
    }

    @Test func theExporterHasItsOwnListenerOnItsOwnPort() {
        #expect(Self.settings().endpoints == [
            HTTPEndpoint(host: "0.0.0.0", port: 1985): .api,
            HTTPEndpoint(host: "0.0.0.0", port: 8080): .server,
            HTTPEndpoint(host: "127.0.0.1", port: 9972): .exporter,
        ])
    }

    @Test func theExporterJoinsTheListenerAlreadyOnItsPort() {
        #expect(Self.settings(exporter: 1985).endpoints == [
            HTTPEndpoint(host: "0.0.0.0", port: 1985): [.api, .exporter],
            HTTPEndpoint(host: "0.0.0.0", port: 8080): .server,
        ])
        #expect(Self.settings(api: 8080, exporter: 8080).endpoints == [
            HTTPEndpoint(host: "0.0.0.0", port: 8080): [.api, .server, .exporter],
        ])
    }

    @Test func aDisabledExporterHasNoListener() {
        #expect(Self.settings(api: nil, server: nil, exporter: nil).endpoints.isEmpty)
        #expect(Self.settings(api: nil, server: nil).endpoints == [HTTPEndpoint(host: "127.0.0.1", port: 9972): .exporter])
    }

    static let labels: [(HTTPListenerRole, String)] = [
        (.exporter, "Exporter-Server"), (.api, "HTTP-API"), (.server, "HTTP-Server"),
        ([.api, .server], "HTTP-Server (API reuses http)"), ([.api, .exporter], "HTTP-API (exporter reuses it)"),
    ]

    @Test func listenersAreNamedInTheLogAsSRSNamesThem() {
        for (role, label) in Self.labels { #expect(role.label == label) }
    }
}
