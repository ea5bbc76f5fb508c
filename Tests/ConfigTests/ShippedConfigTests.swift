#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Config

/// The configs in `conf/` (SRS's shipped ones) must all load.
@Suite("Shipped configs")
struct ShippedConfigTests {
    static let root = Fixture.repositoryRoot()

    /// Reads like SRS run from the repository root: relative paths are relative to it.
    static func read(_ path: String) throws -> String {
        try ConfigFileReader.read(path.hasPrefix("/") ? path : "\(root)/\(path)")
    }

    static func load(_ name: String) throws -> LoadedConfig {
        try ConfigLoader.load(path: "conf/\(name)", readFile: read)
    }

    /// Fragments meant only to be included.
    static let fragments: Set<String> = ["include.vhost.conf"]

    static func confFiles() -> [String] {
        guard let dir = opendir("\(root)/conf") else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".conf") { names.append(name) }
        }
        return names.sorted()
    }

    @Test func theExpectedFilesAreShipped() {
        let expected: Set<String> = [
            "srs.conf", "docker.conf", "console.conf", "rtmp.conf", "http.flv.live.conf", "hls.conf", "edge.conf",
            "edge2.conf", "origin.conf",
            "origin.cluster.serverA.conf", "origin.cluster.serverB.conf", "origin.cluster.serverC.conf",
            "origin.cluster.edge.conf", "include.conf", "include.vhost.conf",
        ]
        #expect(expected.isSubset(of: Set(Self.confFiles())))
    }

    @Test("loads", arguments: confFiles().filter { !fragments.contains($0) })
    func loads(name: String) throws {
        let loaded = try Self.load(name)
        #expect(!loaded.config.listen.isEmpty)
        #expect(loaded.config.vhosts.count >= 1)
    }

    @Test func srsConfIsTheDaemonWithHLSAndHTTPFLV() throws {
        let loaded = try Self.load("srs.conf")
        let config = loaded.config
        #expect(config.daemon && config.logTank == .file)
        #expect(config.httpAPI.enabled && config.httpAPI.listen.port == 1985)
        #expect(config.httpServer.enabled && config.httpServer.listen.port == 8080)
        let vhost = try #require(config.vhost(named: "any.host"))
        #expect(vhost.hls.enabled && vhost.httpRemux.enabled)
        #expect(vhost.play.gopCacheMaxFrames == 2500)
        #expect(loaded.warnings.map(\.message) == [
            "directive rtc_server is not supported yet, ignored",
            "directive vhost.rtc is not supported yet, ignored",
        ])
    }

    @Test func dockerConfLogsToTheConsole() throws {
        let config = try Self.load("docker.conf").config
        #expect(!config.daemon && config.logTank == .console)
    }

    @Test func edgeConfPullsFromTheOrigin() throws {
        let vhost = try #require(try Self.load("edge.conf").config.vhosts.first)
        #expect(vhost.cluster.isEdge && vhost.cluster.origins == ["127.0.0.1:19350"])
        #expect(try Self.load("origin.cluster.edge.conf").config.vhosts[0].cluster.origins ==
                ["127.0.0.1:19351", "127.0.0.1:19350"])
    }

    @Test func originClusterServersKnowTheirCoworkers() throws {
        let b = try Self.load("origin.cluster.serverB.conf").config
        #expect(b.listen == [ListenAddress(port: 19351)])
        #expect(b.httpAPI.listen.port == 9091)
        #expect(b.pidFile == "./objs/origin.cluster.serverB.pid")
        #expect(b.vhosts[0].cluster.originCluster)
        #expect(b.vhosts[0].cluster.coworkers == ["127.0.0.1:9090", "127.0.0.1:9092"])
    }

    @Test func includeConfPullsInItsVhost() throws {
        let config = try Self.load("include.conf").config
        #expect(config.vhosts.map(\.name) == ["include.srs.com"])
        #expect(config.vhosts[0].hls.enabled)
    }

    @Test func theDefaultReaderReportsMissingFiles() {
        #expect(throws: ConfigError.unreadable(path: "/nonexistent/srs.conf", reason: "No such file or directory")) {
            try ConfigLoader.load(path: "/nonexistent/srs.conf")
        }
    }
}
