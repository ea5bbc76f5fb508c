import TestSupport
import Testing
@testable import Config

/// Round-trip, every-prefix and garbage-input properties of the grammar.
@Suite("Config grammar robustness")
struct ConfigParserRobustnessTests {

    static let sample = """
    # sample
    listen              1935 [::]:1936;
    max_connections     1000;
    http_api { enabled on; listen 1985; }
    vhost __defaultVhost__ {
        hls { enabled on; hls_entry_prefix "http://a b/"; }
        http_remux {
            enabled     on;
            mount       [vhost]/[app]/[stream].flv; # inline
        }
        security { allow play all; deny publish '10.0.0.1'; }
    }
    """

    /// Renders a tree back to config text, quoting arguments that need it.
    static func render(_ directives: [Directive], indent: String = "") -> String {
        directives.map { directive in
            let words = ([directive.name] + directive.args).map(quote).joined(separator: " ")
            if directive.children.isEmpty { return "\(indent)\(words);\n" }
            return "\(indent)\(words) {\n\(render(directive.children, indent: indent + "    "))\(indent)}\n"
        }.joined()
    }

    static func quote(_ word: String) -> String {
        let special = word.contains { " \t\r\n;{}#\"'".contains($0) }
        guard special else { return word }
        return word.contains("\"") ? "'\(word)'" : "\"\(word)\""
    }

    static func randomWord(_ rng: inout SplitMix64) -> String {
        let alphabet = Array("abcXYZ019_.:/[]-$ ;{}#\"")
        let length = Int.random(in: 1...8, using: &rng)
        var word = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
        if word.contains("\"") { word = word.filter { $0 != "'" } }
        return word
    }

    static func randomTree(_ rng: inout SplitMix64, depth: Int) -> [Directive] {
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            let name = String(randomWord(&rng).filter { $0.isLetter || $0 == "_" }.prefix(6))
            let args = (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomWord(&rng) }
            let children = depth > 0 && Bool.random(using: &rng) ? randomTree(&rng, depth: depth - 1) : []
            return Directive(name: name.isEmpty ? "n" : name, args: args, children: children)
        }
    }

    @Test func renderedTreesParseBackToTheSameTree() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let tree = Self.randomTree(&rng, depth: 3)
            let text = Self.render(tree)
            let parsed = try ConfigParser.parse(text: text, file: "r.conf")
            #expect(Fixture.stripped(parsed) == tree, "text was:\n\(text)")
        }
    }

    @Test func theSampleRoundTrips() throws {
        let tree = try ConfigParser.parse(text: Self.sample, file: "s.conf")
        let again = try ConfigParser.parse(text: Self.render(tree), file: "s.conf")
        #expect(Fixture.stripped(again) == Fixture.stripped(tree))
        #expect(tree[3].children[0].first("hls_entry_prefix")?.arg0 == "http://a b/")
        #expect(tree[3].children[2].all("deny")[0].args == ["publish", "10.0.0.1"])
    }

    @Test func everyPrefixParsesOrFailsCleanly() {
        let bytes = Array(Self.sample.utf8)
        var parsedPrefixes = 0
        for end in 0...bytes.count {
            let text = String(decoding: bytes[0..<end], as: UTF8.self)
            do {
                _ = try ConfigParser.parse(text: text, file: "p.conf")
                parsedPrefixes += 1
            } catch let error as ConfigError {
                guard case .syntax(let file, let line, _) = error else {
                    Issue.record("unexpected error kind \(error)")
                    continue
                }
                #expect(file == "p.conf")
                #expect(line >= 1 && line <= 13)
            } catch {
                Issue.record("foreign error \(error)")
            }
        }
        // The empty prefix, the comment line, and prefixes ending right after a complete statement.
        #expect(parsedPrefixes > 5)
        #expect(parsedPrefixes < bytes.count / 2)
    }

    @Test func deletingAnyByteNeverCrashes() {
        let bytes = Array(Self.sample.utf8)
        for index in bytes.indices {
            var damaged = bytes
            damaged.remove(at: index)
            let text = String(decoding: damaged, as: UTF8.self)
            do {
                _ = try ConfigParser.parse(text: text, file: "d.conf")
            } catch {
                #expect(error is ConfigError)
            }
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 7)
        let alphabet: [UInt8] = Array("ab ;{}#\"'\n\t\r".utf8) + [0, 0xFF, 0xC3]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...64, using: &rng)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
            do {
                _ = try ConfigParser.parse(text: String(decoding: bytes, as: UTF8.self), file: "g.conf")
            } catch {
                #expect(error is ConfigError)
            }
        }
    }
}
