/// Reads typed values from one block's children, SRS-getter style: the first directive of a name
/// wins, and a missing directive or one with no argument means "use the default".
///
/// Deliberate difference from SRS: numbers must be well-formed. SRS uses atoi/atof, turning
/// `max_connections abc;` or `hls_fragment 10s;` into 0 or 10 silently; we report
/// `file:line: hls_fragment: "10s" is not a number` instead. Negative values are rejected too.
struct BlockReader {
    /// The block being read; nil when absent (every read then returns its default).
    let block: Directive?
    /// Dotted scope for messages, e.g. "vhost.play".
    let path: String
    let diagnostics: Diagnostics

    init(_ block: Directive?, path: String, diagnostics: Diagnostics) {
        self.block = block
        self.path = path
        self.diagnostics = diagnostics
    }

    /// The first child named `name`; every read goes through here, so the loader knows which
    /// directives the typed config uses (`Diagnostics.read`, the directive audit test).
    func child(_ name: String) -> Directive? {
        diagnostics.noteRead(dotted(name))
        return block?.first(name)
    }

    /// Every child named `name`, in file order (noted like `child`).
    func children(_ name: String) -> [Directive] {
        diagnostics.noteRead(dotted(name))
        return block?.all(name) ?? []
    }

    /// A reader for the first child block named `name` (absent is fine).
    func block(_ name: String) -> BlockReader {
        BlockReader(child(name), path: dotted(name), diagnostics: diagnostics)
    }

    /// The first child named `name` that carries a non-empty first argument.
    func value(_ name: String) -> (directive: Directive, text: String)? {
        guard let directive = child(name), !directive.arg0.isEmpty else { return nil }
        return (directive, directive.arg0)
    }

    /// Every argument of the first child named `name` (empty when absent).
    func list(_ name: String) -> [String] {
        child(name)?.args ?? []
    }

    func string(_ name: String, default fallback: String) -> String {
        value(name)?.text ?? fallback
    }

    /// SRS `SRS_CONF_PERFER_FALSE` (`preferTrue: false`, only `on` is true) or
    /// `SRS_CONF_PERFER_TRUE` (`preferTrue: true`, anything but `off` is true).
    func flag(_ name: String, preferTrue: Bool, default fallback: Bool) -> Bool {
        guard let (directive, text) = value(name) else { return fallback }
        let result = preferTrue ? text != "off" : text == "on"
        if text != "on" && text != "off" {
            diagnostics.warn(at: directive, "\(dotted(name)) \"\(text)\" is neither on nor off, taken as \(result ? "on" : "off")")
        }
        return result
    }

    func int(_ name: String, default fallback: Int) -> Int {
        guard let (directive, text) = value(name) else { return fallback }
        guard let number = Self.parseInt(text) else {
            diagnostics.error(at: directive, "\(dotted(name)): \"\(text)\" is not a non-negative integer")
            return fallback
        }
        return number
    }

    func double(_ name: String, default fallback: Double) -> Double {
        guard let (directive, text) = value(name) else { return fallback }
        guard let number = Self.parseDouble(text) else {
            diagnostics.error(at: directive, "\(dotted(name)): \"\(text)\" is not a non-negative number")
            return fallback
        }
        return number
    }

    /// The longest duration any directive takes (about three years): more is a typo, and the bound
    /// keeps every later conversion (to milliseconds, to `Duration`) in range.
    static let maxDurationSeconds = 100_000_000

    /// A duration written as whole milliseconds (SRS atoi * ms).
    func milliseconds(_ name: String, default fallback: Duration) -> Duration {
        guard let (directive, _) = value(name) else { return fallback }
        let ms = int(name, default: 0)
        guard ms <= Self.maxDurationSeconds * 1000 else { return tooLong(directive, name, fallback) }
        return .milliseconds(ms)
    }

    /// A duration written in seconds; `fractional` follows SRS (atof vs atoi).
    func seconds(_ name: String, fractional: Bool, default fallback: Duration) -> Duration {
        guard let (directive, _) = value(name) else { return fallback }
        if fractional {
            let seconds = double(name, default: 0)
            guard seconds <= Double(Self.maxDurationSeconds) else { return tooLong(directive, name, fallback) }
            return .milliseconds(seconds * 1000)
        }
        let seconds = int(name, default: 0)
        guard seconds <= Self.maxDurationSeconds else { return tooLong(directive, name, fallback) }
        return .seconds(seconds)
    }

    /// A duration written as (possibly fractional) milliseconds (SRS atof * ms).
    func fractionalMilliseconds(_ name: String, default fallback: Duration) -> Duration {
        guard let (directive, _) = value(name) else { return fallback }
        let ms = double(name, default: 0)
        guard ms <= Double(Self.maxDurationSeconds) * 1000 else { return tooLong(directive, name, fallback) }
        return .microseconds(ms * 1000)
    }

    private func tooLong(_ directive: Directive, _ name: String, _ fallback: Duration) -> Duration {
        diagnostics.error(at: directive, "\(dotted(name)): \"\(directive.arg0)\" is too long (at most \(Self.maxDurationSeconds) seconds)")
        return fallback
    }

    /// A keyword mapped through `map`; unknown words give `unknown` (SRS behaviour) with a warning.
    func keyword<T>(_ name: String, default fallback: T, unknown: T, _ map: [String: T]) -> T {
        guard let (directive, text) = value(name) else { return fallback }
        if let mapped = map[text] { return mapped }
        let known = map.keys.sorted().joined(separator: "|")
        diagnostics.warn(at: directive, "\(dotted(name)) \"\(text)\" is not one of \(known), taken as \(unknown)")
        return unknown
    }

    func dotted(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// Digits only (an optional leading `+`), fitting in Int.
    static func parseInt(_ text: String) -> Int? {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(digits)
    }

    /// Plain decimal (`10`, `2.5`, `.5`, `+1.0`): no exponent, hex, inf or nan.
    static func parseDouble(_ text: String) -> Double? {
        let body = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        var dots = 0
        var digits = 0
        for byte in body.utf8 {
            if byte == UInt8(ascii: ".") {
                dots += 1
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Double(String(body))
    }
}
