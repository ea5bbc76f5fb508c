/// Parses config text into a directive tree (SRS `SrsConfDirective::parse_conf`), without
/// expanding `include` (see `IncludeExpander`) or applying legacy transforms.
public enum ConfigParser {
    /// Deepest block nesting accepted; real configs use 4 levels (vhost > transcode > engine > vfilter).
    public static let maxNesting = 32

    /// Parses `text` (read from `file`, used in locations and messages).
    ///
    /// Throws `ConfigError.syntax` for the first grammar problem: stray `;`/`{`/`}`, missing `;`,
    /// unterminated quote or block, garbage after a closing quote, nesting deeper than `maxNesting`.
    public static func parse(text: String, file: String) throws -> [Directive] {
        var tokenizer = ConfigTokenizer(text: text, file: file)
        var root: [Directive] = []
        // Open blocks, innermost last; each collects its children until its `}`.
        var open: [Directive] = []

        while true {
            let statement = try tokenizer.next()
            switch statement.terminator {
            case .blockEnd:
                guard let block = open.popLast() else {
                    throw ConfigError.syntax(file: file, line: statement.line, reason: "unexpected \"}\"")
                }
                append(block, to: &open, root: &root)
            case .endOfFile:
                if let block = open.last {
                    throw ConfigError.syntax(file: file, line: block.line,
                                             reason: "unexpected end of file, expecting \"}\" to close \(block.name)")
                }
                return root
            case .semicolon, .blockStart:
                // The tokenizer only ends a statement with words here; guard anyway.
                guard let name = statement.words.first else {
                    throw ConfigError.syntax(file: file, line: statement.line, reason: "empty directive")
                }
                let directive = Directive(name: name, args: Array(statement.words.dropFirst()),
                                          file: file, line: statement.line)
                if statement.terminator == .semicolon {
                    append(directive, to: &open, root: &root)
                } else {
                    guard open.count < maxNesting else {
                        throw ConfigError.syntax(file: file, line: statement.line,
                                                 reason: "blocks nested deeper than \(maxNesting)")
                    }
                    open.append(directive)
                }
            }
        }
    }

    private static func append(_ directive: Directive, to open: inout [Directive], root: inout [Directive]) {
        if open.isEmpty {
            root.append(directive)
        } else {
            open[open.count - 1].children.append(directive)
        }
    }
}
