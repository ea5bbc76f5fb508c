/// Writes Prometheus' text exposition format, version 0.0.4 (prometheus.io/docs/instrumenting/
/// exposition_formats): per family one `# HELP` and one `# TYPE` line, then its samples
/// `name{label="value",...} value`, every line ending in `\n`. Pure; the caller picks the names.
public struct PrometheusText: Sendable {
    /// The metric types this server uses.
    public enum MetricType: String, Sendable {
        case counter, gauge
    }

    /// The `Content-Type` of a 0.0.4 text body.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public private(set) var text = ""

    public init(reservingCapacity capacity: Int = 4096) {
        text.reserveCapacity(capacity)
    }

    /// Starts a family: its `# HELP` and `# TYPE` lines.
    public mutating func family(_ name: String, _ type: MetricType, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample with an integer value.
    public mutating func sample(_ name: String, _ value: Int64, labels: [(String, String)] = []) {
        appendSeries(name, labels)
        text += "\(value)\n"
    }

    /// One sample with a floating-point value (`NaN`, `+Inf`, `-Inf` as the format spells them).
    public mutating func sample(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        appendSeries(name, labels)
        text += Self.format(value) + "\n"
    }

    private mutating func appendSeries(_ name: String, _ labels: [(String, String)]) {
        text += name
        if !labels.isEmpty {
            text += "{"
            for (index, label) in labels.enumerated() {
                if index > 0 { text += "," }
                text += label.0 + "=\"" + Self.escapeLabelValue(label.1) + "\""
            }
            text += "}"
        }
        text += " "
    }

    /// Label values escape backslash, double quote and line feed (`\\`, `\"`, `\n`).
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 8)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// HELP text escapes backslash and line feed only (a quote stays as it is).
    public static func escapeHelp(_ help: String) -> String {
        guard help.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A }) else { return help }
        var out = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A float as Go's `ParseFloat` reads it: Swift's shortest round-trip digits (`0.5`, `1e-05`),
    /// whole numbers without a fraction, and the format's names for the special values.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
