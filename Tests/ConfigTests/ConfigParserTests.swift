import Testing
@testable import Config

@Suite("Config grammar")
struct ConfigParserTests {
    static let grammar: [(text: String, shape: String)] = [
        ("listen 1935;", "listen(1935)"),
        ("listen 1935 1936;", "listen(1935,1936)"),
        ("daemon;", "daemon()"),
        ("a \"b c\";", "a(b c)"),
        ("a 'b c' d;", "a(b c,d)"),
        ("a \"\";", "a()"),
        ("a 'x\"y';", "a(x\"y)"),
        ("a \"x;y{z}\";", "a(x;y{z})"),
        ("a \"#not a comment\";", "a(#not a comment)"),
        ("# comment\nlisten 1935; # trailing comment\n", "listen(1935)"),
        ("a#b c;", "a#b(c)"),
        ("a b#c;", "a(b#c)"),
        ("a # comment inside ; { }\n b;", "a(b)"),
        ("listen\n   1935\n\n;", "listen(1935)"),
        ("a\tb\r\nc;", "a(b,c)"),
        ("a b}c;", "a(b}c)"),
        ("a \"multi\nline\";", "a(multi\nline)"),
        ("vhost v { hls { enabled on; } }", "vhost(v){hls(){enabled(on)}}"),
        ("x{y;}z;", "x(){y()};z()"),
        ("a 'b'{c;}", "a(b){c()}"),
        ("a \"b\";c;", "a(b);c()"),
        ("a \"b\"\n;", "a(b)"),
        ("vhost v {}", "vhost(v)"),
        ("", ""),
        ("   \n\t# only a comment", ""),
        ("a;;", "ERROR"),
    ]

    @Test("parses the SRS grammar", arguments: grammar.filter { $0.shape != "ERROR" })
    func parsesGrammar(text: String, shape: String) throws {
        let tree = try ConfigParser.parse(text: text, file: "t.conf")
        #expect(Fixture.shape(tree) == shape)
    }

    static let errors: [(text: String, line: Int, reason: String)] = [
        (";", 1, "unexpected ';'"),
        ("a;;", 1, "unexpected ';'"),
        ("\n\n{", 3, "unexpected '{'"),
        ("a b\n}", 2, "unexpected '}'"),
        ("}", 1, "unexpected \"}\""),
        ("x {\n y {\n }\n}\n}", 5, "unexpected \"}\""),
        ("vhost v {\n listen 1;\n", 1, "unexpected end of file, expecting \"}\" to close vhost"),
        ("a {\n b {\n c;", 2, "unexpected end of file, expecting \"}\" to close b"),
        ("listen 1935", 1, "unexpected end of file, expecting ; or \"}\""),
        ("\n\nlisten 1935 # comment", 3, "unexpected end of file, expecting ; or \"}\""),
        ("a \"b\"", 1, "unexpected end of file, expecting ; or \"}\""),
        ("a\n\"unterminated;\n\n", 2, "unexpected end of file, unterminated quote"),
        ("a \"b\"c;", 1, "unexpected 'c'"),
        ("a 'b''c';", 1, "unexpected '''"),
        ("a \"b\"#c;", 1, "unexpected '#'"),
        ("\na \"b\"}", 2, "unexpected '}'"),
    ]

    @Test("rejects malformed text with the SRS message and line", arguments: errors)
    func rejectsMalformed(text: String, line: Int, reason: String) {
        #expect(throws: ConfigError.syntax(file: "t.conf", line: line, reason: reason)) {
            try ConfigParser.parse(text: text, file: "t.conf")
        }
    }

    @Test func recordsTheLineOfEachDirectiveName() throws {
        let text = "\n\nlisten\n1935;\nvhost a {\n\n  hls {\n  enabled\n on; }\n}\n'quoted' x;"
        let tree = try ConfigParser.parse(text: text, file: "f.conf")
        #expect(tree.map(\.line) == [3, 5, 11])
        #expect(tree[1].children[0].line == 7)
        #expect(tree[1].children[0].children[0].line == 8)
        #expect(tree.allSatisfy { $0.file == "f.conf" })
    }

    @Test func rejectsBlocksNestedTooDeeply() {
        let depth = ConfigParser.maxNesting + 1
        let text = String(repeating: "a {\n", count: depth) + String(repeating: "}\n", count: depth)
        #expect(throws: ConfigError.syntax(file: "t.conf", line: depth, reason: "blocks nested deeper than \(ConfigParser.maxNesting)")) {
            try ConfigParser.parse(text: text, file: "t.conf")
        }
        let ok = String(repeating: "a {\n", count: depth - 1) + String(repeating: "}\n", count: depth - 1)
        #expect(throws: Never.self) { try ConfigParser.parse(text: ok, file: "t.conf") }
    }

    @Test func directiveLookupReturnsTheFirstMatch() throws {
        let tree = try ConfigParser.parse(text: "v { a 1; b; a 2; }", file: "t")
        #expect(tree[0].first("a")?.arg0 == "1")
        #expect(tree[0].all("a").map(\.arg0) == ["1", "2"])
        #expect(tree[0].first("b")?.arg0 == "")
        #expect(tree[0].first("c") == nil)
    }
}
