/// Rewrites old (SRS 1–3) directive spellings into the SRS 3+ layout, like
/// `srs_config_transform_vhost` does after parsing; each rewrite leaves a warning.
enum LegacyTransform {
    /// vhost-level directives that moved into `play {}`.
    static let playShadows: Set<String> = [
        "time_jitter", "mix_correct", "atc", "atc_auto", "mw_latency", "gop_cache",
        "gop_cache_max_frames", "queue_length", "send_min_interval", "reduce_sequence_header",
    ]
    /// vhost-level directives that moved into `cluster {}`.
    static let clusterShadows: Set<String> = ["mode", "origin", "token_traverse", "vhost", "debug_srs_upnode"]

    /// Applies every transform to the root directives.
    static func apply(_ root: [Directive], diagnostics: Diagnostics) -> [Directive] {
        root.map { directive in
            var directive = directive
            if directive.name == "http_stream" {
                // SRS 2: the global http_stream {} became http_server {}.
                directive.name = "http_server"
                diagnostics.warn(at: directive, "transform: http_stream => http_server")
            } else if directive.name == "vhost" {
                directive.children = transformVhost(directive.children, vhost: directive.arg0, diagnostics: diagnostics)
            }
            return directive
        }
    }

    private static func transformVhost(_ input: [Directive], vhost: String, diagnostics: Diagnostics) -> [Directive] {
        var children = input
        var index = 0
        while index < children.count {
            let child = children[index]
            let name = child.name
            func moved(to target: String) {
                diagnostics.warn(at: child, "transform: vhost.\(name) => vhost.\(target) of \(vhost)")
            }

            if name == "http" {
                children[index].name = "http_static"
                moved(to: "http_static")
            } else if name == "http_remux" {
                // SRS 3 always streams hstrs; the switch is dropped.
                children[index].children.removeAll { $0.name == "hstrs" }
            } else if (name == "refer" && child.children.isEmpty) || name == "refer_play" || name == "refer_publish" {
                children.remove(at: index)
                let key = name == "refer" ? "all" : name == "refer_play" ? "play" : "publish"
                let block = children.indexOrAppend(named: "refer", origin: child)
                if !children[block].children.contains(where: { $0.name == "enabled" && $0.arg0 == "on" }) {
                    children[block].children.append(Directive(name: "enabled", args: ["on"], file: child.file, line: child.line))
                }
                set(key, args: child.args, inBlock: "refer", of: &children, origin: child)
                moved(to: "refer.\(key)")
                continue
            } else if name == "mr" {
                children.remove(at: index)
                if let enabled = child.first("enabled") {
                    set("mr", args: enabled.args, inBlock: "publish", of: &children, origin: child)
                }
                if let latency = child.first("latency") {
                    set("mr_latency", args: latency.args, inBlock: "publish", of: &children, origin: child)
                }
                moved(to: "publish.mr")
                continue
            } else if name == "publish_1stpkt_timeout" || name == "publish_normal_timeout" {
                children.remove(at: index)
                let key = name == "publish_1stpkt_timeout" ? "firstpkt_timeout" : "normal_timeout"
                set(key, args: child.args, inBlock: "publish", of: &children, origin: child)
                moved(to: "publish.\(key)")
                continue
            } else if playShadows.contains(name) || clusterShadows.contains(name) {
                children.remove(at: index)
                let block = playShadows.contains(name) ? "play" : "cluster"
                set(name, args: child.args, inBlock: block, of: &children, origin: child)
                moved(to: "\(block).\(name)")
                continue
            } else if name == "forward" && child.children.isEmpty && !child.args.isEmpty {
                // SRS 1/2: `forward a b;` => `forward { enabled on; destination a b; }`.
                children[index].args = []
                children[index].children = [
                    Directive(name: "enabled", args: ["on"], file: child.file, line: child.line),
                    Directive(name: "destination", args: child.args, file: child.file, line: child.line),
                ]
                moved(to: "forward.destination")
            } else if name == "nack" || name == "twcc" {
                children.remove(at: index)
                if let enabled = child.first("enabled") {
                    set(name, args: enabled.args, inBlock: "rtc", of: &children, origin: child)
                }
                if name == "nack", let noCopy = child.first("no_copy") {
                    set("nack_no_copy", args: noCopy.args, inBlock: "rtc", of: &children, origin: child)
                }
                moved(to: "rtc.\(name)")
                continue
            }
            index += 1
        }
        return children
    }

    /// SRS `get_or_create(block)->get_or_create(key)->args = args`: an existing key is overwritten.
    private static func set(_ key: String, args: [String], inBlock block: String,
                            of children: inout [Directive], origin: Directive) {
        let blockIndex = children.indexOrAppend(named: block, origin: origin)
        let keyIndex = children[blockIndex].children.indexOrAppend(named: key, origin: origin)
        children[blockIndex].children[keyIndex].args = args
    }
}
