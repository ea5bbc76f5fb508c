import Testing
@testable import Config

@Suite("include")
struct IncludeTests {
    @Test func includesAFileAtTheRoot() throws {
        let loaded = try Fixture.load("listen 1935;\ninclude v.conf;\n", files: ["v.conf": "vhost a.com { }\n"])
        #expect(loaded.config.vhosts.map(\.name) == ["a.com"])
    }

    @Test func includesSeveralFilesInOrder() throws {
        let files = ["a.conf": "vhost a {}", "b.conf": "vhost b {}"]
        let loaded = try Fixture.load("listen 1935;\ninclude a.conf b.conf;\nvhost c {}", files: files)
        #expect(loaded.config.vhosts.map(\.name) == ["a", "b", "c"])
    }

    @Test func expandsNestedIncludes() throws {
        let files = ["a.conf": "include b.conf;\nvhost a {}", "b.conf": "vhost b { include c.conf; }", "c.conf": "chunk_size 4096;"]
        let loaded = try Fixture.load("listen 1935;\ninclude a.conf;", files: files)
        #expect(loaded.config.vhosts.map(\.name) == ["b", "a"])
        #expect(loaded.config.vhosts[0].chunkSize == 4096)
    }

    @Test func includesInsideAVhostBlock() throws {
        let files = ["hls.conf": "hls { enabled on; hls_fragment 2; }"]
        let loaded = try Fixture.load("listen 1935;\nvhost v {\n    include hls.conf;\n}", files: files)
        #expect(loaded.config.vhosts[0].hls.enabled)
        #expect(loaded.config.vhosts[0].hls.fragment == .seconds(2))
    }

    @Test func acceptsAnEmptyIncludedFile() throws {
        let loaded = try Fixture.load("listen 1935;\ninclude empty.conf;", files: ["empty.conf": ""])
        #expect(loaded.config.listen == [ListenAddress(port: 1935)])
    }

    @Test func reportsAMissingFileAtTheIncludeLine() {
        #expect(Fixture.errors("listen 1935;\n\ninclude nope.conf;") ==
                ["main.conf:3: include nope.conf failed: No such file or directory"])
    }

    @Test func rejectsAnIncludeWithoutFiles() {
        #expect(Fixture.errors("listen 1935;\ninclude;") == ["main.conf:2: include is empty directive"])
    }

    @Test func rejectsAnIncludeWithABlock() {
        #expect(Fixture.errors("listen 1935;\ninclude a.conf { daemon off; }", files: ["a.conf": ""]) ==
                ["main.conf:2: include cannot have a block"])
    }

    @Test func rejectsIncludeCycles() {
        let files = ["a.conf": "include b.conf;", "b.conf": "\ninclude ./a.conf;"]
        #expect(Fixture.errors("listen 1935;\ninclude a.conf;", files: files) ==
                ["b.conf:2: include cycle: main.conf -> a.conf -> b.conf -> ./a.conf"])
        #expect(Fixture.errors("include main.conf;", files: ["main.conf": "include main.conf;"]) ==
                ["main.conf:1: include cycle: main.conf -> main.conf"])
    }

    @Test func limitsIncludeDepth() {
        var files: [String: String] = [:]
        for index in 0..<40 { files["f\(index).conf"] = "include f\(index + 1).conf;" }
        let errors = Fixture.errors("listen 1935;\ninclude f0.conf;", files: files)
        #expect(errors == ["f14.conf:1: include nested deeper than \(IncludeExpander.maxIncludeDepth) files"])
    }

    /// Found by the Config fuzz target (a 4 KB input took 0.5 s, and more under load: a libFuzzer
    /// timeout): files that each include two differently named files, 13 levels deep, are no cycle
    /// and within the depth limit, yet expand 2^13 files. The number of files read is bounded.
    @Test func limitsTheNumberOfIncludedFiles() {
        var files: [String: String] = [:]
        for level in 0..<13 {
            let text = "include l\(level + 1)a.conf l\(level + 1)b.conf;"
            files["l\(level)a.conf"] = text
            files["l\(level)b.conf"] = text
        }
        files["l13a.conf"] = "max_connections 10;"
        files["l13b.conf"] = "max_connections 10;"
        let errors = Fixture.errors("listen 1935;\ninclude l0a.conf;", files: files)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasSuffix("include: more than \(IncludeExpander.maxIncludedFiles) files included") == true, "\(errors)")
        // A config that includes many files, each once, is fine.
        var many: [String: String] = [:]
        for index in 0..<100 { many["v\(index).conf"] = "vhost v\(index) {}" }
        let main = "listen 1935;\n" + (0..<100).map { "include v\($0).conf;" }.joined(separator: "\n")
        #expect(Fixture.errors(main, files: many) == [])
    }

    /// A file included in several places is read and parsed once per load, and expanded in each.
    @Test func readsAFileIncludedTwiceOnce() throws {
        final class Reads: @unchecked Sendable { var paths: [String] = [] }
        let reads = Reads()
        let files = ["hls.conf": "hls { enabled on; }", "a/v.conf": "chunk_size 4096;", "b/v.conf": "chunk_size 8192;",
                     "a/main.conf": "include v.conf;", "b/main.conf": "include v.conf;"]
        let reader = Fixture.reader(files)
        let text = "listen 1935;\nvhost x { include hls.conf; }\nvhost y { include hls.conf; }\n"
            + "vhost z { include a/main.conf; }\nvhost w { include b/main.conf; }\n"
        let loaded = try ConfigLoader.load(text: text, file: "main.conf") { path in
            reads.paths.append(path)
            return try reader(path)
        }
        #expect(loaded.config.vhosts.map { $0.hls.enabled } == [true, true, false, false])
        #expect(loaded.config.vhosts.suffix(2).map(\.chunkSize) == [4096, 8192])
        #expect(reads.paths.filter { $0 == "hls.conf" }.count == 1, "\(reads.paths)")
    }

    /// A mistake in a file included in several places is one problem, reported once.
    @Test func reportsAnErrorOfAFileIncludedTwiceOnce() {
        let files = ["bad.conf": "chunk_size huge;"]
        let errors = Fixture.errors("listen 1935;\nvhost a { include bad.conf; }\nvhost b { include bad.conf; }\n"
                                    + "vhost c { chunk_size huge; }", files: files)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("bad.conf:1:") == true, "\(errors)")
        #expect(errors.last?.hasPrefix("main.conf:4:") == true, "\(errors)")
    }

    @Test func reportsSyntaxErrorsWithTheIncludedFileName() {
        #expect(Fixture.errors("listen 1935;\ninclude bad.conf;", files: ["bad.conf": "vhost a {\n  hls;;\n}"]) ==
                ["bad.conf:2: unexpected ';'"])
    }

    @Test func locatesIncludedDirectivesInTheirOwnFile() throws {
        let loaded = try Fixture.load("listen 1935;\ninclude r.conf;", files: ["r.conf": "\nrtc_server { }"])
        #expect(loaded.warnings.map(\.description) == ["r.conf:2: directive rtc_server is not supported yet, ignored"])
    }

    @Test func fallsBackToTheIncludingFilesDirectory() throws {
        let files = ["conf/main.conf": "listen 1935;\ninclude vhosts/v.conf;", "conf/vhosts/v.conf": "vhost v {}"]
        let loaded = try ConfigLoader.load(path: "conf/main.conf", readFile: Fixture.reader(files))
        #expect(loaded.config.vhosts.map(\.name) == ["v"])
    }

    @Test func prefersThePathRelativeToTheWorkingDirectory() throws {
        let files = [
            "conf/main.conf": "listen 1935;\ninclude v.conf;",
            "v.conf": "vhost from.cwd {}",
            "conf/v.conf": "vhost from.sibling {}",
        ]
        let loaded = try ConfigLoader.load(path: "conf/main.conf", readFile: Fixture.reader(files))
        #expect(loaded.config.vhosts.map(\.name) == ["from.cwd"])
    }

    @Test func normalizesPathsForCycleDetection() {
        #expect(IncludeExpander.normalize("./conf//a.conf") == "conf/a.conf")
        #expect(IncludeExpander.normalize("/etc/./srs/a.conf") == "/etc/srs/a.conf")
    }
}
