/// Expands `include FILE [FILE...];` anywhere in a tree: each file is parsed as a whole file and its
/// directives replace the include in the current block (SRS 5 `parse_conf`).
public enum IncludeExpander {
    /// One expansion's state, shared down the recursion: the includes counted so far and every
    /// file read, parsed once (a file included again, e.g. the same vhost template in two places,
    /// is neither read nor parsed again within one load).
    final class Budget {
        let maxFiles: Int
        var files = 0
        var parsed: [String: (path: String, directives: [Directive])] = [:]

        init(maxFiles: Int = IncludeExpander.maxIncludedFiles) {
            self.maxFiles = maxFiles
        }
    }

    /// Deepest chain of files including files.
    static let maxIncludeDepth = 16
    /// Most files one config may include in all (each include counts, repeats too): a tree of
    /// files each including several others expands exponentially within the depth limit.
    public static let maxIncludedFiles = 1000

    /// Returns `directives` with every include replaced by the included directives, recursively.
    ///
    /// `chain` lists the files being expanded, outermost first (for cycle detection);
    /// `nesting` is the block depth so far, across files.
    static func expand(_ directives: [Directive], chain: [String], nesting: Int = 0, budget: Budget = Budget(),
                       readFile: (String) throws -> String) throws -> [Directive] {
        var result: [Directive] = []
        result.reserveCapacity(directives.count)
        for directive in directives {
            guard directive.name == "include" else {
                var copy = directive
                if !copy.children.isEmpty {
                    guard nesting < ConfigParser.maxNesting else {
                        throw ConfigError.syntax(file: directive.file, line: directive.line,
                                                 reason: "blocks nested deeper than \(ConfigParser.maxNesting)")
                    }
                    copy.children = try expand(copy.children, chain: chain, nesting: nesting + 1, budget: budget,
                                               readFile: readFile)
                }
                result.append(copy)
                continue
            }
            result += try include(directive, chain: chain, nesting: nesting, budget: budget, readFile: readFile)
        }
        return result
    }

    private static func include(_ directive: Directive, chain: [String], nesting: Int, budget: Budget,
                                readFile: (String) throws -> String) throws -> [Directive] {
        func fail(_ reason: String) -> ConfigError {
            .invalid(file: directive.file, line: directive.line, reason: reason)
        }
        guard !directive.args.isEmpty else { throw fail("include is empty directive") }
        guard directive.children.isEmpty else { throw fail("include cannot have a block") }
        guard chain.count < maxIncludeDepth else {
            throw fail("include nested deeper than \(maxIncludeDepth) files")
        }

        var result: [Directive] = []
        for path in directive.args {
            budget.files += 1
            guard budget.files <= budget.maxFiles else { throw fail("include: more than \(budget.maxFiles) files included") }
            let (resolved, parsed) = try parse(path, includedFrom: directive.file, budget: budget, readFile: readFile,
                                               fail: fail)
            let normalized = normalize(resolved)
            if chain.map(normalize).contains(normalized) {
                throw fail("include cycle: \((chain + [resolved]).joined(separator: " -> "))")
            }
            result += try expand(parsed, chain: chain + [resolved], nesting: nesting, budget: budget, readFile: readFile)
        }
        return result
    }

    /// The directives of an included file, read and parsed the first time this load includes it
    /// from this directory (the key: the path as written plus the including file's directory, which
    /// together decide what `load` opens).
    private static func parse(_ path: String, includedFrom parent: String, budget: Budget,
                              readFile: (String) throws -> String,
                              fail: (String) -> ConfigError) throws -> (path: String, directives: [Directive]) {
        let directory = parent.lastIndex(of: "/").map { String(parent[...$0]) } ?? ""
        let key = path.hasPrefix("/") ? path : directory + "\0" + path
        if let known = budget.parsed[key] { return known }
        let (resolved, text) = try load(path, includedFrom: parent, readFile: readFile, fail: fail)
        let parsed = (path: resolved, directives: try ConfigParser.parse(text: text, file: resolved))
        budget.parsed[key] = parsed
        return parsed
    }

    /// Reads an included file. SRS compat: the path is opened as given (relative to the process
    /// CWD, e.g. `include ./conf/include.vhost.conf;` run from the SRS root). Extension: if that
    /// fails and the path is relative, we also try it relative to the including file's directory,
    /// so configs loaded from elsewhere still find their siblings. The first failure is reported.
    private static func load(_ path: String, includedFrom parent: String,
                             readFile: (String) throws -> String,
                             fail: (String) -> ConfigError) throws -> (path: String, text: String) {
        var candidates = [path]
        if !path.hasPrefix("/"), let slash = parent.lastIndex(of: "/") {
            let sibling = String(parent[...slash]) + path
            if normalize(sibling) != normalize(path) { candidates.append(sibling) }
        }
        var firstError: (any Error)?
        for candidate in candidates {
            do {
                return (candidate, try readFile(candidate))
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        let reason: String
        if case .unreadable(_, let why)? = firstError as? ConfigError {
            reason = why
        } else {
            reason = firstError.map { "\($0)" } ?? "unknown error"
        }
        throw fail("include \(path) failed: \(reason)")
    }

    /// Drops `.` components and repeated slashes, so `./conf/a.conf` and `conf//a.conf` compare equal.
    static func normalize(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}
