/// Loads a config file: parse → expand includes → legacy transforms → environment → whitelist
/// → typed values → cross checks. Every problem is collected; one error is thrown for all of them.
public enum ConfigLoader {
    /// Reads a file's text; tests inject an in-memory one. Relative paths are relative to the CWD.
    public typealias FileReader = (String) throws -> String

    /// Loads `path` and everything it includes, with the `SRS_*` variables of `environment` over it.
    public static func load(path: String, environment: [String: String] = [:],
                            readFile: FileReader = ConfigFileReader.read) throws -> LoadedConfig {
        let text: String
        do {
            text = try readFile(path)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError.unreadable(path: path, reason: "\(error)")
        }
        return try load(text: text, file: path, environment: environment, readFile: readFile)
    }

    /// Loads config `text` as if read from `file` (includes still go through `readFile`).
    public static func load(text: String, file: String, environment: [String: String] = [:],
                            readFile: FileReader = ConfigFileReader.read) throws -> LoadedConfig {
        let diagnostics = Diagnostics()
        let root = try directives(text: text, file: file, readFile: readFile, diagnostics: diagnostics)
        // SRS compat: an empty file is refused even when the environment would fill it.
        guard !root.children.isEmpty else { throw ConfigError.invalid(file: file, line: 0, reason: "conf is empty") }
        return try build(root, environment: environment, environmentOnly: false, diagnostics: diagnostics)
    }

    /// `srs -e`: no file; an empty config, `-e`'s own defaults (daemon off, console log, the
    /// default vhost), then the environment. `listen` may stay empty (no RTMP listener), as in SRS.
    public static func loadEnvironmentOnly(_ environment: [String: String]) throws -> LoadedConfig {
        let root = Directive(name: "root", file: EnvironmentOverlay.environmentOnlyOrigin, line: 0)
        return try build(root, environment: environment, environmentOnly: true, diagnostics: Diagnostics())
    }

    /// Environment → whitelist → typed values → cross checks, on the transformed tree.
    private static func build(_ input: Directive, environment: [String: String], environmentOnly: Bool,
                              diagnostics: Diagnostics) throws -> LoadedConfig {
        var root = input
        let overlay = EnvironmentOverlay.apply(environment, to: root.children, environmentOnly: environmentOnly,
                                               diagnostics: diagnostics)
        root.children = overlay.root
        SchemaChecker.check(root.children, diagnostics: diagnostics)
        let config = ServerConfig(reading: BlockReader(root, path: "", diagnostics: diagnostics),
                                  requiresListen: !environmentOnly)
        ConfigChecks.check(root: root, config: config, diagnostics: diagnostics)
        if let error = ConfigError.combining(inFileOrder(diagnostics.errors)) { throw error }
        return LoadedConfig(config: config, warnings: diagnostics.warnings, environment: overlay.report)
    }

    /// Sorts problems by file (in order of first appearance) then line, keeping ties in order.
    private static func inFileOrder(_ errors: [ConfigError]) -> [ConfigError] {
        func location(_ error: ConfigError) -> (file: String, line: Int) {
            switch error {
            case .syntax(let file, let line, _), .invalid(let file, let line, _): return (file, line)
            case .unreadable(let path, _): return (path, 0)
            case .multiple: return ("", 0)
            }
        }
        var fileRank: [String: Int] = [:]
        for error in errors where fileRank[location(error).file] == nil {
            fileRank[location(error).file] = fileRank.count
        }
        return errors.enumerated().sorted { a, b in
            let (la, lb) = (location(a.element), location(b.element))
            let (ra, rb) = (fileRank[la.file] ?? 0, fileRank[lb.file] ?? 0)
            if ra != rb { return ra < rb }
            if la.line != lb.line { return la.line < lb.line }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The directive tree after includes and legacy transforms, as a synthetic `root` block.
    static func directives(text: String, file: String, readFile: FileReader,
                           diagnostics: Diagnostics) throws -> Directive {
        let parsed = try ConfigParser.parse(text: text, file: file)
        let expanded = try IncludeExpander.expand(parsed, chain: [file], readFile: readFile)
        let transformed = LegacyTransform.apply(expanded, diagnostics: diagnostics)
        return Directive(name: "root", children: transformed, file: file, line: 0)
    }
}
