extension SecurityConfig {
    /// Reads `vhost.security`. SRS compat: a malformed rule never matches in SRS, so it is
    /// dropped here with a warning rather than failing the load.
    init(reading security: BlockReader) {
        var rules: [Rule] = []
        for action in Rule.Action.allCases { security.diagnostics.noteRead(security.dotted(action.rawValue)) }
        for directive in security.block?.children ?? [] {
            guard let action = Rule.Action(rawValue: directive.name) else { continue }
            guard directive.args.count >= 2, let method = Rule.Method(rawValue: directive.args[0]) else {
                let line = ([directive.name] + directive.args).joined(separator: " ")
                security.diagnostics.warn(at: directive,
                                          "vhost.security rule \"\(line)\" is not allow|deny publish|play IP|all, ignored")
                continue
            }
            let target: Rule.Target = directive.args[1] == "all" ? .all : .address(directive.args[1])
            rules.append(Rule(action: action, method: method, target: target))
        }
        self.init(
            enabled: security.flag("enabled", preferTrue: false, default: SecurityConfig.defaults.enabled),
            rules: rules
        )
    }
}
