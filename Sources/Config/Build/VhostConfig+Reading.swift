extension VhostConfig {
    /// Reads one `vhost NAME {}` block; `globalChunkSize` is inherited when the vhost sets none.
    init(reading vhost: BlockReader, name: String, globalChunkSize: Int) {
        let d = VhostConfig.defaults(name: name, chunkSize: globalChunkSize)
        let minLatency = vhost.flag("min_latency", preferTrue: false, default: d.minLatency)
        var config = VhostConfig(
            name: name,
            enabled: vhost.flag("enabled", preferTrue: true, default: d.enabled),
            chunkSize: vhost.int("chunk_size", default: d.chunkSize),
            minLatency: minLatency,
            tcpNodelay: vhost.flag("tcp_nodelay", preferTrue: false, default: d.tcpNodelay),
            inAckSize: vhost.int("in_ack_size", default: d.inAckSize),
            outAckSize: vhost.int("out_ack_size", default: d.outAckSize),
            play: PlayConfig(reading: vhost.block("play"), minLatency: minLatency),
            publish: PublishConfig(reading: vhost.block("publish")),
            httpRemux: HTTPRemuxConfig(reading: vhost.block("http_remux")),
            hls: HLSConfig(reading: vhost.block("hls")),
            dvr: DVRConfig(reading: vhost.block("dvr")),
            cluster: ClusterConfig(reading: vhost.block("cluster")),
            security: SecurityConfig(reading: vhost.block("security"))
        )
        config.httpHooks = HTTPHooksConfig(reading: vhost.block("http_hooks"))
        config.forward = ForwardConfig(reading: vhost.block("forward"))
        self = config
    }
}
