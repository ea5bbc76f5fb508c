extension ClusterConfig {
    /// Reads `vhost.cluster`.
    init(reading cluster: BlockReader) {
        let d = ClusterConfig.defaults
        let mode = cluster.keyword("mode", default: d.mode, unknown: .local, ["local": .local, "remote": .remote])
        let origins = cluster.list("origin")
        if mode == .remote, origins.isEmpty, let (directive, _) = cluster.value("mode") {
            cluster.diagnostics.warn(at: directive, "vhost.cluster.mode remote without origin, edge cannot pull")
        }
        self.init(
            mode: mode,
            origins: origins,
            originCluster: cluster.flag("origin_cluster", preferTrue: false, default: d.originCluster),
            coworkers: cluster.list("coworkers"),
            // SRS compat: only flv/flvs switch the edge to HTTP; anything else is rtmp.
            upstreamProtocol: cluster.keyword("protocol", default: d.upstreamProtocol, unknown: .rtmp,
                                              ["rtmp": .rtmp, "flv": .flv, "flvs": .flvs]),
            followClient: cluster.flag("follow_client", preferTrue: false, default: d.followClient),
            tokenTraverse: cluster.flag("token_traverse", preferTrue: false, default: d.tokenTraverse),
            vhost: cluster.string("vhost", default: d.vhost),
            debugSrsUpnode: cluster.flag("debug_srs_upnode", preferTrue: true, default: d.debugSrsUpnode)
        )
    }
}
