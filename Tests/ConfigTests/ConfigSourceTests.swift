import Testing
@testable import Config

/// `-c`, `-e`, `SRS_CONFIG_FILE` and `SRS_ENV_ONLY` (SRS 5 `SrsConfig::parse_options`).
@Suite("Config source")
struct ConfigSourceTests {
    @Test func dashCNamesTheFile() {
        let env = ["SRS_LISTEN": "1936"]
        #expect(ConfigSource.resolve(configFile: "a.conf", environmentOnly: false, environment: env)
            == .source(ConfigSource(origin: .file("a.conf"), environment: env), notes: []))
    }

    @Test func srsConfigFileWinsOverDashC() {
        let env = ["SRS_CONFIG_FILE": "b.conf"]
        #expect(ConfigSource.resolve(configFile: "a.conf", environmentOnly: false, environment: env)
            == .source(ConfigSource(origin: .file("b.conf"), environment: env), notes: ["ENV: Overwrite config a.conf to b.conf"]))
        #expect(ConfigSource.resolve(configFile: nil, environmentOnly: false, environment: env)
            == .source(ConfigSource(origin: .file("b.conf"), environment: env), notes: []))
    }

    @Test func dashEIgnoresEveryFile() {
        let env = ["SRS_CONFIG_FILE": "b.conf"]
        #expect(ConfigSource.resolve(configFile: "a.conf", environmentOnly: true, environment: env)
            == .source(ConfigSource(origin: .environmentOnly, environment: env),
                       notes: ["env only: ignore config file a.conf", "env only: ignore config file b.conf"]))
    }

    @Test func srsEnvOnlyIsDashEWhateverItsValue() {
        let env = ["SRS_ENV_ONLY": ""]
        #expect(ConfigSource.resolve(configFile: nil, environmentOnly: false, environment: env)
            == .source(ConfigSource(origin: .environmentOnly, environment: env), notes: []))
    }

    @Test func nothingMeansNoConfig() {
        #expect(ConfigSource.resolve(configFile: nil, environmentOnly: false, environment: ["SRS_CONFIG_FILE": ""])
            == .noConfig)
    }

    @Test func aSourceReloadsWithTheSameEnvironment() throws {
        let source = ConfigSource(origin: .file("main.conf"), environment: ["SRS_LISTEN": "1937"])
        let loaded = try source.load(readFile: Fixture.reader(["main.conf": "listen 1935;"]))
        #expect(loaded.config.listen == [ListenAddress(port: 1937)])
        #expect(source.displayName == "main.conf")
        #expect(ConfigSource(origin: .environmentOnly, environment: [:]).path == nil)
    }
}
