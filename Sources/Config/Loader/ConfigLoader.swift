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
    /// `maxIncludedFiles` bounds the includes (the fuzz target lowers it to keep executions short).
    public static func load(text: String, file: String, environment: [String: String] = [:],
                            maxIncludedFiles: Int = IncludeExpander.maxIncludedFiles,
                            readFile: FileReader = ConfigFileReader.read) throws -> LoadedConfig {
        let diagnostics = Diagnostics()
        let root = try directives(text: text, file: file, maxIncludedFiles: maxIncludedFiles, readFile: readFile,
                                  diagnostics: diagnostics)
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

    /// Sorts problems by file (in order of first appearance) then line, keeping ties in order; a
    /// problem reported again word for word (a file included in several places) is listed once.
    private static func inFileOrder(_ errors: [ConfigError]) -> [ConfigError] {
        func location(_ error: ConfigError) -> (file: String, line: Int) {
            switch error {
            case .syntax(let file, let line, _), .invalid(let file, let line, _): return (file, line)
            case .unreadable(let path, _): return (path, 0)
            case .multiple: return ("", 0)
            }
        }
        var fileRank: [String: Int] = [:]
        var keys: [(rank: Int, line: Int, offset: Int)] = []
        keys.reserveCapacity(errors.count)
        var seen = Set<String>()
        for (offset, error) in errors.enumerated() where seen.insert(error.description).inserted {
            let place = location(error)
            let rank = fileRank[place.file] ?? fileRank.count
            fileRank[place.file] = rank
            keys.append((rank, place.line, offset))
        }
        // Keys computed once: a config with many problems (every directive of a thousand included
        // files) sorts without hashing file names per comparison.
        keys.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.line != b.line { return a.line < b.line }
            return a.offset < b.offset
        }
        return keys.map { errors[$0.offset] }
    }

    /// The directive tree after includes and legacy transforms, as a synthetic `root` block.
    static func directives(text: String, file: String, maxIncludedFiles: Int = IncludeExpander.maxIncludedFiles,
                           readFile: FileReader, diagnostics: Diagnostics) throws -> Directive {
        let parsed = try ConfigParser.parse(text: text, file: file)
        let expanded = try IncludeExpander.expand(parsed, chain: [file], budget: IncludeExpander.Budget(maxFiles: maxIncludedFiles),
                                                  readFile: readFile)
        let transformed = LegacyTransform.apply(expanded, diagnostics: diagnostics)
        return Directive(name: "root", children: transformed, file: file, line: 0)
    }
}
