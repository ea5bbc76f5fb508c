/// One SRS 5 environment variable and the directive(s) it stands for.
///
/// SRS names a variable after the dotted key its getter reads (`srs_getenv("srs.vhost.hls.enabled")`
/// looks up `SRS_VHOST_HLS_ENABLED`: upper case, `.` → `_`); the table keeps those keys, so it
/// reads like SRS's getters and the names cannot drift from the keys.
struct EnvironmentVariable: Sendable, Equatable {
    /// Where a variable's directive lives.
    enum Scope: Sendable, Equatable {
        /// A root directive or a root block's child (`listen`, `http_api { enabled }`).
        case root
        /// Every `vhost {}`: SRS's vhost getters read the variable before looking at any vhost.
        case everyVhost
    }

    /// One directive a variable sets: a scope and a path of block names ending with the leaf.
    struct Target: Sendable, Equatable {
        let scope: Scope
        let path: [String]

        /// `"hls.enabled"` in the vhost scope, `"http_api.listen"` at the root...
        init(_ scope: Scope, _ dotted: String) {
            self.scope = scope
            path = dotted.split(separator: ".").map(String.init)
        }
    }

    /// How the value becomes the directive's arguments.
    enum Arguments: Sendable, Equatable {
        /// The whole value is the one argument (`SRS_HLS_PATH=/a b` keeps the space).
        case one
        /// Split on spaces and tabs (`SRS_LISTEN="1935 1936"`, several hook URLs).
        case list
    }

    /// The variable SRS reads first, e.g. `SRS_HTTP_API_ENABLED`.
    let name: String
    /// Older spellings read when `name` is unset or empty (`SRS_LOG_TANK` for `SRS_SRS_LOG_TANK`).
    let aliases: [String]
    let targets: [Target]
    let arguments: Arguments
    /// The value is never printed (logs and messages show `******`).
    let secret: Bool

    /// A variable named after `key`, SRS style: `"vhost.hls.enabled"` is `SRS_VHOST_HLS_ENABLED`
    /// and sets `vhost { hls { enabled; } }` in every vhost; other keys are root paths.
    init(_ key: String, aliases: [String] = [], arguments: Arguments = .one, secret: Bool = false) {
        let target: Target = key.hasPrefix("vhost.")
            ? Target(.everyVhost, String(key.dropFirst("vhost.".count)))
            : Target(.root, key)
        self.init(name: Self.name(forKey: key), aliases: aliases.map(Self.name(forKey:)), targets: [target],
                  arguments: arguments, secret: secret)
    }

    init(name: String, aliases: [String] = [], targets: [Target], arguments: Arguments = .one, secret: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.targets = targets
        self.arguments = arguments
        self.secret = secret
    }

    /// SRS `srs_getenv("srs." + key)`: `SRS_` + the key upper-cased with `.` replaced by `_`.
    static func name(forKey key: String) -> String {
        "SRS_" + String(key.map { $0 == "." ? "_" : Character($0.uppercased()) })
    }

    /// The names this variable answers to, in the order SRS reads them.
    var names: [String] { [name] + aliases }
}
