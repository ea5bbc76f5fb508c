import Glibc
import HLS
import Live
import Testing

/// `hls_keys`: key rotation, key files, the playlist's key lines, encryption and cleanup.
@Suite struct HLSKeyTests {
    private static let dir = "/hls/live"

    /// The harness settings (1.9 s fragments: 1.96 s segments of 1 s GOPs) with keys on.
    private static func settings(perKey: Int = 2, window: Duration = .seconds(60),
                                 configure: (inout HLSSettings) -> Void = { _ in }) -> HLSSettings {
        var settings = HLSHarness.settings(window: window)
        settings.keys = true
        settings.fragmentsPerKey = perKey
        configure(&settings)
        return settings
    }

    /// Video-only publish of [0, until) ms, then unpublish (which flushes the open segment).
    private static func run(_ hls: HLSHarness, until: Int64) throws {
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: until, audio: false))
        hls.source.unpublish()
    }

    private static func keyLine(_ seq: Int, iv n: Int, prefix: String = "") -> String {
        "#EXT-X-KEY:METHOD=AES-128,URI=\"\(prefix)livestream-\(seq).key\",IV=0x\(CountingRandom.ivHex(n))"
    }

    private static func keyFiles(_ store: MemoryFileStore) -> [String] {
        store.files.keys.filter { $0.hasSuffix(".key") }.sorted()
    }

    @Test func aNewKeyEveryNSegmentsIsListedBeforeItsFirstSegment() throws {
        let hls = HLSHarness(Self.settings(perKey: 2))
        try Self.run(hls, until: 10_000)
        let extinf = "#EXTINF:1.960, no desc\n"
        #expect(hls.playlist == """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-TARGETDURATION:2
            #EXT-X-DISCONTINUITY
            \(Self.keyLine(0, iv: 1))
            \(extinf)livestream-0.ts
            \(extinf)livestream-1.ts
            \(Self.keyLine(2, iv: 2))
            \(extinf)livestream-2.ts
            \(extinf)livestream-3.ts
            \(Self.keyLine(4, iv: 3))
            \(extinf)livestream-4.ts

            """)
        #expect(Self.keyFiles(hls.store) == [0, 2, 4].map { "\(Self.dir)/livestream-\($0).key" })
        for (n, seq) in [(1, 0), (2, 2), (3, 4)] {
            #expect(hls.store.files["\(Self.dir)/livestream-\(seq).key"] == CountingRandom.key(n).secret)
        }
        #expect(hls.muxer.segments.map { $0.key?.sequence } == [0, 0, 2, 2, 4])
        // Each key file is written (through .tmp) before the segment it opens with.
        let ops = hls.store.operations
        let keyWrite = try #require(ops.firstIndex(of: "write \(Self.dir)/livestream-2.key.tmp -> \(Self.dir)/livestream-2.key"))
        let seg1 = try #require(ops.firstIndex(of: "write \(Self.dir)/livestream-1.ts.tmp -> \(Self.dir)/livestream-1.ts"))
        let seg2 = try #require(ops.firstIndex(of: "write \(Self.dir)/livestream-2.ts.tmp -> \(Self.dir)/livestream-2.ts"))
        #expect(seg1 < keyWrite && keyWrite < seg2)
    }

    @Test(arguments: [(1, [0, 1, 2, 3, 4]), (0, [0, 1, 2, 3, 4]), (5, [0]), (3, [0, 3])])
    func fragmentsPerKeySetsTheRotation(perKey: Int, keyed: [Int]) throws {
        let hls = HLSHarness(Self.settings(perKey: perKey))
        try Self.run(hls, until: 10_000)
        #expect(Self.keyFiles(hls.store) == keyed.map { "\(Self.dir)/livestream-\($0).key" })
        #expect(hls.playlist?.split(separator: "\n").filter { $0.hasPrefix("#EXT-X-KEY:") }.count == keyed.count)
        #expect(hls.random.calls == 2 * keyed.count)
    }

    @Test func segmentsDecryptWithTheirKeyFileAndTheIVOfTheirKeyLineToTheClearTS() throws {
        let encrypted = HLSHarness(Self.settings(perKey: 2))
        let clear = HLSHarness(HLSHarness.settings(window: .seconds(60)))
        for hls in [encrypted, clear] {
            try hls.publish()
            hls.feed(HLSPackets.stream(from: 0, to: 6_000))
            hls.source.unpublish()
        }
        #expect(encrypted.muxer.segments.count == 3)
        for segment in encrypted.muxer.segments {
            let bytes = try #require(encrypted.store.files[segment.path])
            let plain = try #require(clear.store.files[segment.path])
            let key = try #require(segment.key)
            let secret = try #require(encrypted.store.files[key.path])
            // Not MPEG-TS on disk: whole AES blocks, PKCS7 padded, no sync bytes.
            #expect(bytes.count % 16 == 0 && bytes.count > plain.count && bytes.count <= plain.count + 16)
            #expect(!TSInspector(bytes: bytes).isPacketAligned)
            #expect(AES128.decrypt(bytes, key: secret, iv: key.iv) == plain, "\(segment.uri)")
            // The IV rule: the explicit IV of the key line, not the sequence number (RFC 8216 §5.2).
            #expect(AES128.decrypt(bytes, key: secret, iv: AES128.sequenceIV(segment.sequence)) != plain)
            let line = "#EXT-X-KEY:METHOD=AES-128,URI=\"\(key.uri)\",IV=0x\(HLSCipher.hex(key.iv))"
            #expect(encrypted.playlist?.contains(line) == true)
        }
        // Segment 1 has no key line of its own: it uses segment 0's key and IV.
        #expect(encrypted.muxer.segments[1].key == encrypted.muxer.segments[0].key)
    }

    @Test func keyFileTemplateAndKeyURLShapeTheFileAndTheURI() throws {
        let hls = HLSHarness(Self.settings { settings in
            settings.keyFile = "[vhost]/[app]-[stream]-k[seq].key"
            settings.keyFilePath = "/keys"
            settings.keyURL = "https://keys.example/"
        })
        try Self.run(hls, until: 2_040)
        let path = "/keys/__defaultVhost__/live-livestream-k0.key"
        #expect(Self.keyFiles(hls.store) == [path])
        #expect(hls.store.operations.contains("mkdir /keys/__defaultVhost__"))
        #expect(hls.playlist?.contains(
            "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/__defaultVhost__/live-livestream-k0.key\",IV=0x") == true)
    }

    @Test func cleanupDeletesAKeyOnceNoListedSegmentUsesIt() throws {
        let hls = HLSHarness(Self.settings(perKey: 2, window: .seconds(6)))
        try Self.run(hls, until: 14_000)
        // Segments 0-6; the 6 s window lists 3-6, and segment 3 still needs key 2.
        #expect(hls.muxer.segments.map(\.sequence) == [3, 4, 5, 6])
        #expect(hls.store.segmentPaths == (3...6).map { "\(Self.dir)/livestream-\($0).ts" })
        #expect(Self.keyFiles(hls.store) == [2, 4, 6].map { "\(Self.dir)/livestream-\($0).key" })
        #expect(hls.store.operations.contains("rm \(Self.dir)/livestream-0.key"))
        // Key 2 is repeated before segment 3, the first listed one.
        #expect(hls.playlist?.contains("#EXT-X-TARGETDURATION:2\n\(Self.keyLine(2, iv: 2))\n#EXTINF:1.960, no desc\n"
            + "livestream-3.ts\n\(Self.keyLine(4, iv: 3))\n") == true)
    }

    @Test func cleanupOffKeepsKeysWithTheirSegments() throws {
        let hls = HLSHarness(Self.settings(perKey: 2, window: .seconds(6)) { $0.cleanup = false })
        try Self.run(hls, until: 14_000)
        #expect(Self.keyFiles(hls.store) == [0, 2, 4, 6].map { "\(Self.dir)/livestream-\($0).key" })
        #expect(!hls.store.operations.contains { $0.hasPrefix("rm ") })
    }

    @Test func disposeDeletesTheKeysAndTheNextPublishStartsANewKey() throws {
        let hls = HLSHarness(Self.settings(perKey: 2))
        try Self.run(hls, until: 6_000)
        #expect(Self.keyFiles(hls.store).count == 2)
        hls.muxer.tick(nowMillis: hls.clock.now + 120_001)
        #expect(hls.store.files.isEmpty)

        try Self.run(hls, until: 4_000)
        // Sequence 3 is no rotation point, but there is no key left: a new one, named after it.
        #expect(Self.keyFiles(hls.store) == [3, 4].map { "\(Self.dir)/livestream-\($0).key" })
        #expect(hls.playlist?.contains("#EXT-X-DISCONTINUITY\n\(Self.keyLine(3, iv: 3))\n#EXTINF:1.960, no desc\n"
            + "livestream-3.ts\n\(Self.keyLine(4, iv: 4))\n") == true)
    }

    @Test func aRepublishContinuesTheKeyItLeftAsSRSDoes() throws {
        let hls = HLSHarness(Self.settings(perKey: 2))
        try Self.run(hls, until: 6_000)
        try Self.run(hls, until: 4_000)
        #expect(hls.muxer.segments.map { $0.key?.sequence } == [0, 0, 2, 2, 4])
        #expect(hls.playlist?.contains("livestream-2.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1.960, no desc\nlivestream-3.ts\n")
            == true)
        #expect(hls.random.calls == 6)
    }

    @Test func reloadWithOtherKeySettingsStartsANewKeyAndTurningKeysOffListsMethodNone() throws {
        let hls = HLSHarness(Self.settings(perKey: 5))
        try hls.publish(audio: false)
        hls.feed(HLSPackets.stream(from: 0, to: 3_000, audio: false))
        hls.muxer.update(settings: Self.settings(perKey: 5) { $0.keyURL = "http://k/" })
        hls.feed(HLSPackets.stream(from: 3_000, to: 5_040, audio: false))
        hls.muxer.update(settings: HLSHarness.settings(window: .seconds(60)))
        hls.feed(HLSPackets.stream(from: 5_040, to: 8_000, audio: false))
        hls.source.unpublish()
        let segments = hls.muxer.segments
        #expect(segments.map { $0.key?.sequence } == [0, 0, 2, nil, nil])
        #expect(segments[2].key?.uri == "http://k/live/livestream-2.key")
        #expect(hls.playlist?.contains("\(Self.keyLine(2, iv: 2, prefix: "http://k/live/"))\n") == true)
        #expect(hls.playlist?.contains("livestream-2.ts\n#EXT-X-DISCONTINUITY\n#EXT-X-KEY:METHOD=NONE\n") == true)
        #expect(TSInspector(bytes: try #require(hls.store.files[segments[3].path])).isPacketAligned)
    }

    // MARK: errors

    @Test func anUnwritableKeyDropsItsSegmentNeverWritesItInClearAndRetries() throws {
        let hls = HLSHarness(Self.settings(perKey: 2))
        hls.store.writeError = EACCES
        hls.store.failWhere = { $0.hasSuffix(".key") }
        hls.store.failuresLeft = 1
        try Self.run(hls, until: 6_000)
        let status = hls.muxer.status
        #expect(status.lastError == .writeFile(path: "\(Self.dir)/livestream-0.key.tmp", errno: EACCES))
        #expect(status.droppedSegments == 1 && !status.isDisabled)
        // The keyless first segment is lost; its number is reused under a key made for it.
        #expect(hls.muxer.segments.map(\.sequence) == [0, 1])
        #expect(hls.muxer.segments.map { $0.key?.sequence } == [0, 0])
        #expect(hls.store.files["\(Self.dir)/livestream-0.key"] == CountingRandom.key(2).secret)
        for path in hls.store.segmentPaths {
            #expect(!TSInspector(bytes: try #require(hls.store.files[path])).isPacketAligned, "\(path) is clear")
        }
    }

    @Test func aKeyDirectoryThatCannotBeCreatedFollowsHLSOnErrorIgnore() throws {
        let hls = HLSHarness(Self.settings { settings in
            settings.onError = .ignore
            settings.keyFilePath = "/keys"
        })
        hls.store.mkdirError = EROFS
        hls.store.failWhere = { $0.hasPrefix("/keys") }
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 6_000))
        #expect(hls.muxer.status.isDisabled)
        #expect(hls.muxer.status.lastError == .createDirectory(path: "/keys/live", errno: EROFS))
        #expect(hls.store.files.isEmpty)
    }

    @Test func anUnwritableKeyWithDisconnectReportsOnce() throws {
        let hls = HLSHarness(Self.settings { $0.onError = .disconnect })
        var reports: [HLSError] = []
        hls.muxer.onDisconnectRequest = { reports.append($0) }
        hls.store.writeError = ENOSPC
        hls.store.failWhere = { $0.hasSuffix(".key") }
        try hls.publish()
        hls.feed(HLSPackets.stream(from: 0, to: 6_000))
        #expect(reports == [.writeFile(path: "\(Self.dir)/livestream-0.key.tmp", errno: ENOSPC)])
        #expect(hls.muxer.status.isDisabled && hls.store.files.isEmpty)
    }

    @Test func aFailingRandomSourceIsAnEncryptionError() throws {
        let source = LiveSource(key: StreamKey(vhost: StreamKey.defaultVhost, app: "live", stream: "r"), settings: PlaySettings())
        let store = MemoryFileStore()
        let muxer = HLSMuxer(key: source.key, settings: Self.settings(), store: store,
                             randomBytes: { (_: Int) throws(HLSError) -> [UInt8] in throw .encryption("RAND_bytes failed") })
        source.addObserver(muxer)
        try source.publish(by: .init("pub00003"))
        source.feed(HLSPackets.videoSequenceHeader())
        for packet in HLSPackets.stream(from: 0, to: 4_000, audio: false) { source.feed(packet) }
        source.unpublish()
        #expect(muxer.status.lastError == .encryption("RAND_bytes failed"))
        #expect(muxer.status.lastError?.kind == "encrypt")
        #expect(store.segmentPaths.isEmpty && muxer.status.droppedSegments == 2)
    }
}
