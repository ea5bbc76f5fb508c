/// Splits config text into statements, following SRS's `SrsConfDirective::read_token` (itself
/// nginx's `ngx_conf_read_token`), SRS 5 flavour: a newline is plain whitespace inside a directive.
///
/// Pure: bytes in, statements out. Never traps on any input.
struct ConfigTokenizer {
    /// How a statement ended.
    enum Terminator: Equatable {
        case semicolon, blockStart, blockEnd, endOfFile
    }

    /// Words of one statement (name first), the line of its first word, and its terminator.
    struct Statement: Equatable {
        var words: [String]
        var line: Int
        var terminator: Terminator
    }

    /// Where the scanner is relative to words.
    private enum State {
        /// Between words (SRS `last_space`): `#`, `;`, `{`, `}` and quotes are special here only.
        case space
        /// In a `#` comment, until the end of the line.
        case comment
        /// In an unquoted word that began at `start`.
        case word(start: Int)
        /// In a quoted word (`quote` is `"` or `'`) whose content begins at `start`.
        case quoted(quote: UInt8, start: Int, line: Int)
        /// Just after a closing quote: only whitespace, `;` or `{` may follow (SRS `need_space`).
        case afterQuote
    }

    private let bytes: [UInt8]
    private let file: String
    private var position = 0
    /// The current 1-based line.
    private(set) var line = 1

    init(text: String, file: String) {
        self.bytes = Array(text.utf8)
        self.file = file
    }

    /// Reads the next statement; throws `ConfigError.syntax` at the offending line.
    mutating func next() throws -> Statement {
        var state = State.space
        var words: [String] = []
        var firstLine = 0

        while position < bytes.count {
            let char = bytes[position]
            let charLine = line
            position += 1
            if char == Self.lf { line += 1 }

            switch state {
            case .comment:
                if char == Self.lf { state = .space }
            case .afterQuote:
                if Self.isSpace(char) {
                    state = .space
                } else if char == Self.semicolon {
                    return Statement(words: words, line: firstLine, terminator: .semicolon)
                } else if char == Self.openBrace {
                    return Statement(words: words, line: firstLine, terminator: .blockStart)
                } else {
                    throw unexpected(char, at: charLine)
                }
            case .space:
                if Self.isSpace(char) { continue }
                switch char {
                case Self.semicolon:
                    if words.isEmpty { throw unexpected(char, at: charLine) }
                    return Statement(words: words, line: firstLine, terminator: .semicolon)
                case Self.openBrace:
                    if words.isEmpty { throw unexpected(char, at: charLine) }
                    return Statement(words: words, line: firstLine, terminator: .blockStart)
                case Self.closeBrace:
                    if !words.isEmpty { throw unexpected(char, at: charLine) }
                    return Statement(words: [], line: charLine, terminator: .blockEnd)
                case Self.hash:
                    state = .comment
                case Self.doubleQuote, Self.singleQuote:
                    if words.isEmpty { firstLine = charLine }
                    state = .quoted(quote: char, start: position, line: charLine)
                default:
                    if words.isEmpty { firstLine = charLine }
                    state = .word(start: position - 1)
                }
            case .word(let start):
                guard Self.isSpace(char) || char == Self.semicolon || char == Self.openBrace else { continue }
                words.append(word(from: start, to: position - 1))
                state = .space
                if char == Self.semicolon {
                    return Statement(words: words, line: firstLine, terminator: .semicolon)
                }
                if char == Self.openBrace {
                    return Statement(words: words, line: firstLine, terminator: .blockStart)
                }
            case .quoted(let quote, let start, _):
                guard char == quote else { continue }
                // SRS compat: an empty quoted word ("") is dropped, not kept as an empty argument.
                let text = word(from: start, to: position - 1)
                if !text.isEmpty { words.append(text) }
                state = .afterQuote
            }
        }

        switch state {
        case .quoted(_, _, let quoteLine):
            throw ConfigError.syntax(file: file, line: quoteLine, reason: "unexpected end of file, unterminated quote")
        case .word, .afterQuote:
            throw endOfFileInStatement(line: firstLine)
        case .space, .comment:
            if !words.isEmpty { throw endOfFileInStatement(line: firstLine) }
            return Statement(words: [], line: line, terminator: .endOfFile)
        }
    }

    private func word(from start: Int, to end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func unexpected(_ char: UInt8, at line: Int) -> ConfigError {
        let shown = String(decoding: [char], as: UTF8.self)
        return .syntax(file: file, line: line, reason: "unexpected '\(shown)'")
    }

    private func endOfFileInStatement(line: Int) -> ConfigError {
        .syntax(file: file, line: line, reason: "unexpected end of file, expecting ; or \"}\"")
    }

    /// SRS `is_common_space`: space, tab, CR, LF.
    private static func isSpace(_ char: UInt8) -> Bool {
        char == 0x20 || char == 0x09 || char == 0x0D || char == lf
    }

    private static let lf: UInt8 = 0x0A
    private static let semicolon = UInt8(ascii: ";")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let hash = UInt8(ascii: "#")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
}
