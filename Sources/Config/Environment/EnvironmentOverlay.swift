/// Overlays the `SRS_*` environment onto a directive tree, after includes and legacy transforms
/// and before the whitelist and the typed build: an env value goes through the same checks as a
/// file's, and its messages read `env SRS_X=value: reason`.
///
/// SRS 5 reads the variable in each getter before the file; setting the directive here is the
/// same: a set, non-empty variable wins over the file (srs-facts §1.1).
enum EnvironmentOverlay {
    /// The location of what `srs -e` makes by itself (its `vhost __defaultVhost__ {}`).
    static let environmentOnlyOrigin = "env"
    /// Shown instead of a secret's value.
    static let mask = "******"

    static func apply(_ environment: [String: String], to input: [Directive], environmentOnly: Bool,
                      diagnostics: Diagnostics) -> (root: [Directive], report: EnvironmentReport) {
        var root = input
        var env = environment
        var implied: Set<String> = []
        if environmentOnly {
            // SRS compat (SrsConfig::parse_options): -e sets SRS_DAEMON=off and SRS_SRS_LOG_TANK=console
            // unless they (or SRS_LOG_TANK) are present, and starts from `vhost __defaultVhost__ {}`.
            if env["SRS_DAEMON"] == nil {
                env["SRS_DAEMON"] = "off"
                implied.insert("SRS_DAEMON")
            }
            if env["SRS_SRS_LOG_TANK"] == nil && env["SRS_LOG_TANK"] == nil {
                env["SRS_SRS_LOG_TANK"] = "console"
                implied.insert("SRS_SRS_LOG_TANK")
            }
            if root.isEmpty {
                root.append(Directive(name: "vhost", args: [VhostConfig.defaultName], file: environmentOnlyOrigin))
            }
        }

        var overrides: [EnvironmentReport.Override] = []
        for variable in EnvironmentTable.variables {
            // SRS compat: an empty variable is unset (`!srs_getenv(key).empty()`).
            guard let name = variable.names.first(where: { !(env[$0] ?? "").isEmpty }), let value = env[name] else {
                continue
            }
            let args = variable.arguments == .list ? split(value) : [value]
            let shown = variable.secret ? mask : value
            let shownArgs = variable.secret ? [mask] : args
            let origin = Directive(name: name, file: "env \(name)=\(shown)", line: 0)
            func record(_ directive: String) {
                overrides.append(.init(variable: name, value: shown, directive: directive, implied: implied.contains(name)))
            }
            for target in variable.targets {
                switch target.scope {
                case .root:
                    set(target.path[...], args: args, in: &root, origin: origin)
                    record(render(target.path[...], shownArgs))
                case .everyVhost:
                    let vhosts = root.indices.filter { root[$0].name == "vhost" }
                    if vhosts.isEmpty && variable.targets.count == 1 {
                        diagnostics.warn(at: origin, "no vhost to apply it to, ignored")
                    }
                    for index in vhosts {
                        set(target.path[...], args: args, in: &root[index].children, origin: origin)
                        record("vhost \(root[index].arg0) { \(render(target.path[...], shownArgs)) }")
                    }
                }
            }
        }

        let read = Set(EnvironmentTable.variables.flatMap(\.names)).union(EnvironmentTable.processLevel)
        let others = environment.keys.filter { $0.hasPrefix("SRS_") && !read.contains($0) }
        let report = EnvironmentReport(
            environmentOnly: environmentOnly, overrides: overrides,
            unknown: others.filter { !EnvironmentTable.notImplemented.contains($0) }.sorted(),
            notImplemented: others.filter { EnvironmentTable.notImplemented.contains($0) }.sorted())
        return (root, report)
    }

    /// Words separated by spaces or tabs (SRS splits `SRS_LISTEN` on spaces).
    static func split(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// SRS `get_or_create` down `path`, then the leaf's arguments become `args`; the leaf takes the
    /// variable's location so messages about it name the variable.
    private static func set(_ path: ArraySlice<String>, args: [String], in children: inout [Directive], origin: Directive) {
        guard let name = path.first else { return }
        guard path.count > 1 else {
            if let index = children.firstIndex(where: { $0.name == name }) {
                children[index].args = args
                children[index].file = origin.file
                children[index].line = origin.line
            } else {
                children.append(Directive(name: name, args: args, file: origin.file, line: origin.line))
            }
            return
        }
        let index = children.indexOrAppend(named: name, origin: origin)
        set(path.dropFirst(), args: args, in: &children[index].children, origin: origin)
    }

    /// `http_api { auth { enabled on; } }`: the directive as a config file would say it.
    static func render(_ path: ArraySlice<String>, _ args: [String]) -> String {
        guard let name = path.first else { return "" }
        if path.count > 1 { return "\(name) { \(render(path.dropFirst(), args)) }" }
        let words = args.map { $0.isEmpty || $0.contains(where: { $0 == " " || $0 == "\t" || $0 == ";" }) ? "\"\($0)\"" : $0 }
        return ([name] + words).joined(separator: " ") + ";"
    }
}
