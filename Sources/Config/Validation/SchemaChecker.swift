/// Checks a directive tree against `ConfigSchema`: unknown names are errors with SRS's wording
/// (`illegal directive X`, `illegal vhost.X of V`, `illegal vhost.play.X of V`), known but
/// unimplemented ones get one warning each, repeated single-valued ones a warning.
enum SchemaChecker {
    static func check(_ directives: [Directive], schema: ConfigSchema = .root, vhost: String? = nil,
                      diagnostics: Diagnostics) {
        var seen: [String: Directive] = [:]
        for directive in directives {
            let name = directive.name
            let dotted = schema.path.isEmpty ? name : "\(schema.path).\(name)"
            guard let rule = schema.rules[name] else {
                let owner = vhost.map { " of \($0)" } ?? ""
                let what = schema.path.isEmpty ? "directive \(name)" : "\(dotted)\(owner)"
                diagnostics.error(at: directive, "illegal \(what)")
                continue
            }
            switch rule {
            case .leaf:
                if let first = seen[name] {
                    diagnostics.warn(at: directive, "directive \(dotted) repeated, the first one (line \(first.line)) is used")
                } else {
                    seen[name] = directive
                }
                if !directive.children.isEmpty {
                    diagnostics.warn(at: directive, "directive \(dotted) takes no block, block ignored")
                }
            case .repeatable:
                if !directive.children.isEmpty {
                    diagnostics.warn(at: directive, "directive \(dotted) takes no block, block ignored")
                }
            case .block(let inner):
                // SRS reads the first block of a name; vhosts repeat by design, http_remux repeats are errors.
                if name != "vhost" && name != "http_remux" {
                    if let first = seen[name] {
                        diagnostics.warn(at: directive, "block \(dotted) repeated, the first one (line \(first.line)) is used")
                    } else {
                        seen[name] = directive
                    }
                }
                let owner = name == "vhost" && schema.path.isEmpty ? directive.arg0 : vhost
                check(directive.children, schema: inner, vhost: owner, diagnostics: diagnostics)
            case .unsupported:
                diagnostics.warn(at: directive, "directive \(dotted) is not supported yet, ignored")
            }
        }
    }
}
