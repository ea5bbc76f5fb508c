/// Collects every error and warning of one load, so all problems are reported at once.
final class Diagnostics {
    private(set) var errors: [ConfigError] = []
    private(set) var warnings: [ConfigWarning] = []
    /// Dotted names the typed config asked for (`vhost.play.mw_latency`), present or not.
    private(set) var read: Set<String> = []

    func noteRead(_ dotted: String) { read.insert(dotted) }

    /// Records an `.invalid` error located at `directive`.
    func error(at directive: Directive, _ reason: String) {
        errors.append(.invalid(file: directive.file, line: directive.line, reason: reason))
    }

    func warn(at directive: Directive, _ message: String) {
        warnings.append(ConfigWarning(file: directive.file, line: directive.line, message: message))
    }
}
