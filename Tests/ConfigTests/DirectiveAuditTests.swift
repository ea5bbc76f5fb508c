import Testing
@testable import Config

/// Issue 10's audit: every directive the schema accepts as implemented is read by the typed
/// config (so none is accepted and then silently ignored); the rest are `unsupported` and warn.
@Suite("Directive audit")
struct DirectiveAuditTests {
    /// Dotted paths of every implemented leaf (`vhost.play.mw_latency`) in `schema`.
    static func implementedLeaves(_ schema: ConfigSchema) -> Set<String> {
        var out: Set<String> = []
        for (name, rule) in schema.rules {
            let dotted = schema.path.isEmpty ? name : "\(schema.path).\(name)"
            switch rule {
            case .leaf, .repeatable: out.insert(dotted)
            case .block(let inner): out.formUnion(implementedLeaves(inner))
            case .unsupported: break
            }
        }
        return out
    }

    static let everyBlock = """
        listen 1935;
        http_api { enabled on; raw_api { enabled on; } auth { enabled off; } }
        http_server { enabled on; }
        exporter { enabled off; }
        vhost __defaultVhost__ {
            play {} publish {} cluster {} security {} http_hooks {} forward {} http_remux {} hls {} dvr {}
        }
        """

    @Test func everyImplementedDirectiveIsRead() throws {
        let diagnostics = Diagnostics()
        let root = try ConfigLoader.directives(text: Self.everyBlock, file: "audit.conf", readFile: { path in throw ConfigError.unreadable(path: path, reason: "no includes here") },
                                               diagnostics: diagnostics)
        _ = ServerConfig(reading: BlockReader(root, path: "", diagnostics: diagnostics), requiresListen: true)
        // Read by the loader itself, before the typed config: the cross checks and legacy names.
        let checkedElsewhere: Set<String> = ["is_full", "srs_log_level_v2"]
        let unread = Self.implementedLeaves(.root).subtracting(diagnostics.read).subtracting(checkedElsewhere)
        #expect(unread.isEmpty, "accepted but never read: \(unread.sorted())")
        #expect(diagnostics.errors.isEmpty)
    }

    @Test(arguments: [
        ("pithy_print_ms 10000;", "pithy_print_ms"),
        ("vhost v { play { send_min_interval 10; } }", "send_min_interval"),
        ("vhost v { hls { enabled on; hls_dts_directly off; } }", "hls_dts_directly"),
        ("vhost v { transcode { enabled on; } }", "vhost.transcode"),
        ("rtc_server { enabled on; }", "rtc_server"),
    ])
    func unsupportedValuesWarn(body: String, name: String) throws {
        let loaded = try ConfigLoader.load(text: "listen 1935;\n\(body)\n", file: "u.conf")
        #expect(loaded.warnings.contains { $0.message.contains(name) && $0.message.contains("not supported") },
                "\(loaded.warnings)")
    }

    @Test(arguments: [
        "vhost v { play { send_min_interval 0; } }", "vhost v { hls { hls_dts_directly on; } }",
        "vhost v { play { atc on; atc_auto on; mix_correct on; reduce_sequence_header on; } }",
        "vhost v { publish { parse_sps off; try_annexb_first off; kickoff_for_idle 5; } }",
        "asprocess on; daemon off;", "http_api { enabled on; raw_api { enabled on; allow_reload on; } }",
    ])
    func supportedValuesLoadQuietly(body: String) throws {
        let loaded = try ConfigLoader.load(text: "listen 1935;\n\(body)\n", file: "s.conf")
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
    }
}
