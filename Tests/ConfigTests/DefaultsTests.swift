import Testing
import Core
@testable import Config

/// Every typed field's default against the SRS 5 tables (srs-facts §1.2–1.4), written as literals.
@Suite("Defaults")
struct DefaultsTests {
    static func minimal() throws -> ServerConfig {
        try Fixture.load("listen 1935;\nvhost __defaultVhost__ {}").config
    }

    @Test func globalDefaults() throws {
        let config = try Self.minimal()
        #expect(config.listen == [ListenAddress(host: "0.0.0.0", port: 1935)])
        #expect(config.maxConnections == 1000)
        #expect(config.daemon == true)
        #expect(config.pidFile == "./objs/srs.pid")
        #expect(config.logTank == .file)
        #expect(config.logLevel == .trace)
        #expect(config.logFile == "./objs/srs.log")
        #expect(config.utcTime == false)
        #expect(config.chunkSize == 60000)
        #expect(config.workDir == "./")
        #expect(config.asprocess == false)
        #expect(config.serverID == nil)
        #expect(config.graceStartWait == .milliseconds(2300))
        #expect(config.graceFinalWait == .milliseconds(3200))
        #expect(config.forceGraceQuit == false)
        #expect(config.emptyIPOk == true)
        #expect(config.inotifyAutoReload == false)
        #expect(config.autoReloadForDocker == true)
        #expect(config.disableDaemonForDocker == true)
        #expect(config.inDocker == false)
        #expect(config.pithyPrint == .milliseconds(10000))
    }

    @Test func httpDefaults() throws {
        let config = try Self.minimal()
        #expect(config.httpAPI.enabled == false)
        #expect(config.httpAPI.listen == ListenAddress(host: "0.0.0.0", port: 1985))
        #expect(config.httpAPI.crossdomain == true)
        #expect(config.httpAPI.rawAPI.enabled == false && config.httpAPI.rawAPI.allowReload == false)
        #expect(config.httpAPI.auth.enabled == false)
        #expect(config.httpAPI.auth.username == "" && config.httpAPI.auth.password == "")
        #expect(config.httpServer.enabled == false)
        #expect(config.httpServer.listen == ListenAddress(host: "0.0.0.0", port: 8080))
        #expect(config.httpServer.dir == "./objs/nginx/html")
        #expect(config.httpServer.crossdomain == true)
    }

    @Test func exporterDefaults() throws {
        let config = try Self.minimal()
        #expect(config.exporter == ExporterConfig(enabled: false, listen: ListenAddress(host: "0.0.0.0", port: 9972),
                                                  label: "", tag: ""))
    }

    @Test func vhostDefaults() throws {
        let vhost = try #require(try Self.minimal().vhosts.first)
        #expect(vhost.name == "__defaultVhost__")
        #expect(vhost.enabled == true)
        #expect(vhost.chunkSize == 60000)
        #expect(vhost.minLatency == false)
        #expect(vhost.tcpNodelay == false)
        #expect(vhost.inAckSize == 0)
        #expect(vhost.outAckSize == 2_500_000)
        #expect(vhost == VhostConfig.defaults(name: "__defaultVhost__"))
    }

    @Test func playAndPublishDefaults() throws {
        let vhost = try #require(try Self.minimal().vhosts.first)
        let play = vhost.play
        #expect(play.gopCache == true)
        #expect(play.gopCacheMaxFrames == 2500)
        #expect(play.queueLength == .seconds(30))
        #expect(play.timeJitter == .full)
        #expect(play.mixCorrect == false && play.atc == false && play.atcAuto == false)
        #expect(play.mwLatency == .milliseconds(350))
        #expect(play.mwMsgs == 8)
        #expect(play.sendMinInterval == .zero)
        #expect(play.reduceSequenceHeader == false)
        let publish = vhost.publish
        #expect(publish.firstpktTimeout == .milliseconds(20000))
        #expect(publish.normalTimeout == .milliseconds(5000))
        #expect(publish.parseSps == true)
        #expect(publish.tryAnnexbFirst == true)
        #expect(publish.kickoffForIdle == .zero)
    }

    @Test func remuxClusterAndSecurityDefaults() throws {
        let vhost = try #require(try Self.minimal().vhosts.first)
        let remux = vhost.httpRemux
        #expect(remux.enabled == false)
        #expect(remux.mount == "[vhost]/[app]/[stream].flv")
        #expect(remux.fastCache == .zero)
        #expect(remux.dropIfNotMatch && remux.hasAudio && remux.hasVideo && remux.guessHasAV)
        let cluster = vhost.cluster
        #expect(cluster.mode == .local && !cluster.isEdge)
        #expect(cluster.origins.isEmpty && cluster.coworkers.isEmpty)
        #expect(cluster.originCluster == false)
        #expect(cluster.upstreamProtocol == .rtmp)
        #expect(cluster.followClient == false && cluster.tokenTraverse == false)
        #expect(cluster.vhost == "[vhost]")
        #expect(cluster.debugSrsUpnode == true)
        #expect(vhost.security.enabled == false && vhost.security.rules.isEmpty)
    }

    @Test func hlsDefaults() throws {
        let hls = try #require(try Self.minimal().vhosts.first).hls
        #expect(hls.enabled == false)
        #expect(hls.fragment == .seconds(10))
        #expect(hls.tdRatio == 1.0)
        #expect(hls.aofRatio == 2.1)
        #expect(hls.window == .seconds(60))
        #expect(hls.onError == .continue)
        #expect(hls.path == "./objs/nginx/html")
        #expect(hls.m3u8File == "[app]/[stream].m3u8")
        #expect(hls.tsFile == "[app]/[stream]-[seq].ts")
        #expect(hls.tsFloor == false)
        #expect(hls.entryPrefix == "")
        #expect(hls.audioCodec == .aac && hls.videoCodec == .h264)
        #expect(hls.cleanup == true)
        #expect(hls.dispose == .seconds(120))
        #expect(hls.nbNotify == 64)
        #expect(hls.waitKeyframe == true)
        #expect(hls.keys == false)
        #expect(hls.fragmentsPerKey == 5)
        #expect(hls.keyFile == "[app]/[stream]-[seq].key")
        #expect(hls.keyFilePath == "./objs/nginx/html")
        #expect(hls.keyURL == "")
        #expect(hls.dtsDirectly && hls.ctx && hls.tsCtx)
    }

    @Test func hlsKeyFilePathFollowsHLSPath() throws {
        let vhost = try Fixture.vhost("hls { hls_path /data/hls; }")
        #expect(vhost.hls.keyFilePath == "/data/hls")
        let explicit = try Fixture.vhost("hls { hls_path /data/hls; hls_key_file_path /keys; }")
        #expect(explicit.hls.keyFilePath == "/keys")
    }

    @Test func emptyArgumentsMeanDefault() throws {
        let loaded = try Fixture.load("listen 1935;\nmax_connections;\ndaemon \"\";\nvhost v { play { mw_latency; } }")
        #expect(loaded.config.maxConnections == 1000)
        #expect(loaded.config.daemon == true)
        #expect(loaded.config.vhosts[0].play.mwLatency == .milliseconds(350))
    }

    @Test func vhostChunkSizeInheritsTheGlobalOne() throws {
        let config = try Fixture.load("listen 1935;\nchunk_size 4096;\nvhost a {}\nvhost b { chunk_size 8192; }").config
        #expect(config.chunkSize == 4096)
        #expect(config.vhosts.map(\.chunkSize) == [4096, 8192])
    }

    @Test func minLatencyZeroesTheMergedWriteMessageCount() throws {
        #expect(try Fixture.vhost("min_latency on;").play.mwMsgs == 0)
        #expect(try Fixture.vhost("min_latency on; play { mw_msgs 4; }").play.mwMsgs == 4)
    }
}
