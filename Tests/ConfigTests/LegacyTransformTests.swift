import Testing
@testable import Config

@Suite("Legacy transforms")
struct LegacyTransformTests {
    /// The transformed tree of `text`, and the warnings produced.
    static func transformed(_ text: String) throws -> (tree: [Directive], warnings: [String]) {
        let diagnostics = Diagnostics()
        let root = try ConfigLoader.directives(text: text, file: "t.conf", readFile: Fixture.reader([:]),
                                               diagnostics: diagnostics)
        return (root.children, diagnostics.warnings.map(\.description))
    }

    @Test func renamesHTTPStreamToHTTPServer() throws {
        let loaded = try Fixture.load("listen 1935;\nhttp_stream { enabled on; listen 8081; }")
        #expect(loaded.config.httpServer.enabled)
        #expect(loaded.config.httpServer.listen == ListenAddress(port: 8081))
        #expect(loaded.warnings.map(\.description) == ["main.conf:2: transform: http_stream => http_server"])
    }

    @Test func movesVhostLevelPlayDirectivesIntoPlay() throws {
        let vhost = try Fixture.vhost("""
            gop_cache off; queue_length 10; time_jitter zero; mix_correct on; atc on; atc_auto on;
            mw_latency 100; gop_cache_max_frames 10; send_min_interval 2; reduce_sequence_header on;
            """)
        #expect(vhost.play.gopCache == false)
        #expect(vhost.play.queueLength == .seconds(10))
        #expect(vhost.play.timeJitter == .zero)
        #expect(vhost.play.mixCorrect && vhost.play.atc && vhost.play.atcAuto && vhost.play.reduceSequenceHeader)
        #expect(vhost.play.mwLatency == .milliseconds(100))
        #expect(vhost.play.gopCacheMaxFrames == 10)
        #expect(vhost.play.sendMinInterval == .milliseconds(2))
    }

    @Test func legacyValuesOverrideThoseAlreadyInPlay() throws {
        let (tree, warnings) = try Self.transformed("vhost v {\n  play { gop_cache on; }\n  gop_cache off;\n}")
        #expect(Fixture.shape(tree) == "vhost(v){play(){gop_cache(off)}}")
        #expect(warnings == ["t.conf:3: transform: vhost.gop_cache => vhost.play.gop_cache of v"])
    }

    @Test func movesClusterDirectivesIntoCluster() throws {
        let vhost = try Fixture.vhost("mode remote; origin a:1935 b; token_traverse on; vhost up.com; debug_srs_upnode off;")
        #expect(vhost.cluster.mode == .remote)
        #expect(vhost.cluster.origins == ["a:1935", "b"])
        #expect(vhost.cluster.tokenTraverse)
        #expect(vhost.cluster.vhost == "up.com")
        #expect(vhost.cluster.debugSrsUpnode == false)
    }

    @Test func movesPublishTimeoutsIntoPublish() throws {
        let vhost = try Fixture.vhost("publish_1stpkt_timeout 1000; publish_normal_timeout 2000;")
        #expect(vhost.publish.firstpktTimeout == .milliseconds(1000))
        #expect(vhost.publish.normalTimeout == .milliseconds(2000))
    }

    @Test func expandsTheOldForwardForm() throws {
        let (tree, warnings) = try Self.transformed("vhost v { forward a:1935 b:1936; }")
        #expect(Fixture.shape(tree) == "vhost(v){forward(){enabled(on);destination(a:1935,b:1936)}}")
        #expect(warnings.count == 1)
    }

    @Test func leavesTheNewForwardFormAlone() throws {
        let (tree, warnings) = try Self.transformed("vhost v { forward { enabled off; destination a; } }")
        #expect(Fixture.shape(tree) == "vhost(v){forward(){enabled(off);destination(a)}}")
        #expect(warnings.isEmpty)
    }

    @Test func movesMergedReadIntoPublish() throws {
        let (tree, _) = try Self.transformed("vhost v { mr { enabled on; latency 100; } }")
        #expect(Fixture.shape(tree) == "vhost(v){publish(){mr(on);mr_latency(100)}}")
    }

    @Test func rewritesOldReferForms() throws {
        let (tree, _) = try Self.transformed("vhost v { refer a.com; refer_play b.com; refer_publish c.com; }")
        #expect(Fixture.shape(tree) == "vhost(v){refer(){enabled(on);all(a.com);play(b.com);publish(c.com)}}")
    }

    @Test func renamesVhostHTTPToHTTPStaticAndDropsHstrs() throws {
        let (tree, _) = try Self.transformed("vhost v { http { enabled on; } http_remux { hstrs on; enabled on; } }")
        #expect(Fixture.shape(tree) == "vhost(v){http_static(){enabled(on)};http_remux(){enabled(on)}}")
    }

    @Test func movesNackAndTwccIntoRTC() throws {
        let (tree, _) = try Self.transformed("vhost v { nack { enabled on; no_copy off; } twcc { enabled on; } }")
        #expect(Fixture.shape(tree) == "vhost(v){rtc(){nack(on);nack_no_copy(off);twcc(on)}}")
    }

    @Test func transformsVhostsComingFromIncludes() throws {
        let loaded = try Fixture.load("listen 1935;\ninclude v.conf;", files: ["v.conf": "vhost v { gop_cache off; }"])
        #expect(loaded.config.vhosts[0].play.gopCache == false)
        #expect(loaded.warnings.map(\.description) == ["v.conf:1: transform: vhost.gop_cache => vhost.play.gop_cache of v"])
    }
}
