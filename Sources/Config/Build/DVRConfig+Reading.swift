extension DVRConfig {
    /// Reads `vhost.dvr`.
    init(reading dvr: BlockReader) {
        let d = DVRConfig.defaults
        self.init(
            enabled: dvr.flag("enabled", preferTrue: false, default: d.enabled),
            apply: Self.apply(dvr.list("dvr_apply")),
            path: dvr.string("dvr_path", default: d.path),
            plan: Self.plan(dvr, default: d.plan),
            duration: dvr.seconds("dvr_duration", fractional: false, default: d.duration),
            waitKeyframe: dvr.flag("dvr_wait_keyframe", preferTrue: true, default: d.waitKeyframe),
            // SRS compat: any unknown word means off (srs_time_jitter_string2int).
            timeJitter: dvr.keyword("time_jitter", default: d.timeJitter, unknown: .off,
                                    ["full": .full, "zero": .zero, "off": .off])
        )
    }

    /// SRS `srs_config_apply_filter`: no arguments or exactly `all` records everything; otherwise
    /// only the listed `app/stream` names (so `all` among other names is just a name).
    static func apply(_ args: [String]) -> Apply {
        args.isEmpty || args == ["all"] ? .all : .streams(args)
    }

    /// Deliberate difference: SRS accepts an unknown plan and then refuses every publish of the
    /// vhost (ERROR_DVR_ILLEGAL_PLAN, even with dvr off); we report it where it is written.
    private static func plan(_ dvr: BlockReader, default fallback: Plan) -> Plan {
        guard let (directive, text) = dvr.value("dvr_plan") else { return fallback }
        guard let plan = Plan(rawValue: text) else {
            dvr.diagnostics.error(at: directive, "\(dvr.dotted("dvr_plan")): \"\(text)\" is not one of segment|session")
            return fallback
        }
        return plan
    }
}
