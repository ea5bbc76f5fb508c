@testable import Config

/// Helpers shared by the Config tests (in-memory files, compact tree rendering).
enum Fixture {
    /// A reader over in-memory files (`./x` finds `x`); unknown paths fail like a missing file.
    static func reader(_ files: [String: String]) -> ConfigLoader.FileReader {
        { path in
            guard let text = files[IncludeExpander.normalize(path)] else {
                throw ConfigError.unreadable(path: path, reason: "No such file or directory")
            }
            return text
        }
    }

    /// Loads `text` as `main.conf` with `files` available to include.
    static func load(_ text: String, files: [String: String] = [:]) throws -> LoadedConfig {
        try ConfigLoader.load(text: text, file: "main.conf", readFile: reader(files))
    }

    /// Loads `listen 1935;` plus a vhost `v` whose body is `body`, and returns that vhost.
    static func vhost(_ body: String) throws -> VhostConfig {
        let loaded = try load("listen 1935;\nvhost v {\n\(body)\n}\n")
        guard let vhost = loaded.config.vhosts.first else { throw ConfigError.multiple([]) }
        return vhost
    }

    /// The load error's individual messages (empty if it loaded).
    static func errors(_ text: String, files: [String: String] = [:]) -> [String] {
        do {
            _ = try load(text, files: files)
            return []
        } catch let error as ConfigError {
            return error.all.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// Compact shape of a tree: `name(arg,arg){child;child}`, children joined by `;`.
    static func shape(_ directives: [Directive]) -> String {
        directives.map { directive in
            let body = directive.children.isEmpty ? "" : "{\(shape(directive.children))}"
            return "\(directive.name)(\(directive.args.joined(separator: ",")))\(body)"
        }.joined(separator: ";")
    }

    /// The same tree with locations cleared, for structural comparison.
    static func stripped(_ directives: [Directive]) -> [Directive] {
        directives.map { Directive(name: $0.name, args: $0.args, children: stripped($0.children)) }
    }

    /// Path of the repository root, from this file's location (Tests/ConfigTests/...).
    static func repositoryRoot(filePath: String = #filePath) -> String {
        var parts = filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }
}
