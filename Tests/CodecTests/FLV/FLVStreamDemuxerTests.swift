import Codec
import Core
import TestSupport
import Testing

@Suite struct FLVStreamDemuxerTests {
    /// A packet as plain values, comparable with `==`.
    struct Tag: Equatable, CustomStringConvertible {
        var kind: MediaPacket.Kind
        var timestamp: Int64
        var body: [UInt8]

        init(_ packet: MediaPacket) {
            kind = packet.kind
            timestamp = packet.timestamp
            body = packet.payload.array
        }

        init(_ tag: FLVTag) {
            kind = tag.kind
            timestamp = Int64(tag.timestamp)
            body = Array(tag.body)
        }

        var description: String { "\(kind) @\(timestamp) \(body.count) bytes" }
    }

    /// Raw tag bytes with any type byte (FLVTag only encodes known kinds).
    private static func rawTag(type: UInt8, timestamp: UInt32 = 0, body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [type]
        bytes.appendUInt24(UInt32(body.count))
        bytes.appendUInt24(timestamp & 0xFF_FFFF)
        bytes.append(UInt8(truncatingIfNeeded: timestamp >> 24))
        bytes.appendUInt24(0)
        bytes += body
        bytes.appendUInt32(UInt32(11 + body.count))
        return bytes
    }

    static let tags: [FLVTag] = [
        FLVTag(kind: .script, timestamp: 0, body: [0x02, 0x00, 0x0A] + Array("onMetaData".utf8) + [0x05]),
        FLVTag(kind: .video, timestamp: 0, body: [0x17, 0x00, 0x00, 0x00, 0x00, 0x01, 0x64]),
        FLVTag(kind: .audio, timestamp: 0, body: [0xAF, 0x00, 0x12, 0x10]),
        FLVTag(kind: .video, timestamp: 40, body: [0x17, 0x01, 0, 0, 0] + (0..<300).map { UInt8(truncatingIfNeeded: $0) }),
        FLVTag(kind: .audio, timestamp: 0x0123_4567, body: [0xAF, 0x01, 0x21]),
        FLVTag(kind: .video, timestamp: 0xFFFF_FFFF, body: [0x27, 0x01, 0, 0, 0, 0xAA]),
        FLVTag(kind: .audio, timestamp: 50, body: []),
    ]

    /// Header, PreviousTagSize0 and `tags`.
    static var stream: [UInt8] {
        var bytes = FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
        for tag in tags { bytes += tag.encoded() }
        return bytes
    }

    /// Feeds `chunks` one after another, draining packets after each, then finishes; the error if one is thrown.
    private func demux(chunks: [[UInt8]], finish: Bool = true,
                       maxDataSize: Int = FLVStreamDemuxer.defaultMaxDataSize) -> Result<[Tag], CodecError> {
        var demuxer = FLVStreamDemuxer(maxDataSize: maxDataSize)
        var tags: [Tag] = []
        do throws(CodecError) {
            for chunk in chunks {
                demuxer.feed(chunk)
                while let packet = try demuxer.next() { tags.append(Tag(packet)) }
            }
            if finish {
                demuxer.finish()
                while let packet = try demuxer.next() { tags.append(Tag(packet)) }
            }
            return .success(tags)
        } catch {
            return .failure(error)
        }
    }

    @Test func yieldsEveryTagWithItsExtendedTimestampAndClassifiedFlags() throws {
        var demuxer = FLVStreamDemuxer()
        demuxer.feed(Self.stream)
        var packets: [MediaPacket] = []
        while let packet = try demuxer.next() { packets.append(packet) }
        #expect(packets.map(Tag.init) == Self.tags.map(Tag.init))
        #expect(demuxer.header == FLVHeader(hasAudio: true, hasVideo: true))
        #expect(packets[0].isMetadata)
        #expect(packets[1].isKeyframe && packets[1].isSequenceHeader)
        #expect(packets[2].isSequenceHeader && packets[2].isAudio)
        #expect(packets[3].isKeyframe && !packets[3].isSequenceHeader)
        #expect(packets[4].timestamp == 0x0123_4567)
        #expect(packets[5].timestamp == 0xFFFF_FFFF && !packets[5].isKeyframe)
        #expect(packets[6].payload.count == 0)
        #expect(demuxer.bufferedByteCount == 0)
        #expect(demuxer.offset == Self.stream.count)
    }

    @Test func splittingTheStreamAtEveryByteOffsetGivesTheSameTags() throws {
        let bytes = Self.stream
        let whole = try demux(chunks: [bytes]).get()
        #expect(whole.count == Self.tags.count)
        for offset in 0...bytes.count {
            let split = try demux(chunks: [Array(bytes[..<offset]), Array(bytes[offset...])]).get()
            #expect(split == whole, "split at \(offset)")
        }
    }

    @Test func oneByteDripGivesTheSameTags() throws {
        let bytes = Self.stream
        #expect(try demux(chunks: bytes.map { [$0] }).get() == Self.tags.map(Tag.init))
    }

    @Test func feedsFromRawBufferPointers() throws {
        var demuxer = FLVStreamDemuxer()
        Self.stream.withUnsafeBytes { demuxer.feed($0) }
        #expect(try demuxer.next()?.kind == .script)
    }

    @Test func headerPaddingUpToDataOffsetIsSkippedWithoutBuffering() throws {
        var bytes = FLVHeader(hasAudio: false, hasVideo: true, dataOffset: 9 + 1000).encodedWithFirstPreviousTagSize()
        bytes.insert(contentsOf: [UInt8](repeating: 0xEE, count: 1000), at: 9)
        bytes += Self.tags[1].encoded()
        #expect(try demux(chunks: [bytes]).get() == [Tag(Self.tags[1])])
        #expect(try demux(chunks: bytes.map { [$0] }).get() == [Tag(Self.tags[1])])
        var demuxer = FLVStreamDemuxer()
        demuxer.feed(Array(bytes[..<500]))
        #expect(try demuxer.next() == nil)
        #expect(demuxer.bufferedByteCount == 0)
        #expect(demuxer.header?.hasAudio == false)
    }

    @Test func tagsOfUnknownTypesAreSkippedAndCounted() throws {
        var bytes = FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
        bytes += Self.tags[0].encoded()
        bytes += Self.rawTag(type: 15, timestamp: 7, body: [1, 2, 3, 4, 5])
        bytes += Self.rawTag(type: 0, body: [])
        bytes += Self.tags[2].encoded()
        for offset in 0...bytes.count {
            var demuxer = FLVStreamDemuxer()
            var tags: [Tag] = []
            for piece in [Array(bytes[..<offset]), Array(bytes[offset...])] {
                demuxer.feed(piece)
                while let packet = try demuxer.next() { tags.append(Tag(packet)) }
            }
            #expect(tags == [Tag(Self.tags[0]), Tag(Self.tags[2])], "split at \(offset)")
            #expect(demuxer.skippedTagCount == 2)
        }
    }

    @Test func aLargeUnknownTagIsSkippedWithoutBeingBuffered() throws {
        var demuxer = FLVStreamDemuxer()
        demuxer.feed(FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize())
        let tag = Self.rawTag(type: 10, body: [UInt8](repeating: 0x55, count: 1 << 20))
        var offset = 0
        while offset < tag.count {
            let end = min(tag.count, offset + 65_536)
            demuxer.feed(Array(tag[offset..<end]))
            offset = end
            #expect(try demuxer.next() == nil)
            #expect(demuxer.bufferedByteCount < 11)
        }
        #expect(demuxer.skippedTagCount == 1)
    }

    @Test func aKnownTagIsBufferedOnlyUntilItCompletes() throws {
        var demuxer = FLVStreamDemuxer()
        demuxer.feed(FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize())
        let tag = FLVTag(kind: .video, timestamp: 1, body: ArraySlice([UInt8](repeating: 0x17, count: 200_000))).encoded()
        demuxer.feed(Array(tag[..<100_000]))
        #expect(try demuxer.next() == nil)
        #expect(demuxer.bufferedByteCount == 100_000 - FLVTag.headerSize)
        demuxer.feed(Array(tag[100_000...]))
        #expect(try demuxer.next()?.payload.count == 200_000)
        #expect(demuxer.bufferedByteCount == 0)
    }

    @Test func reservedBitsAndTheFilterBitAreRejected() {
        let header = FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
        #expect(demux(chunks: [header + Self.rawTag(type: 0x48, body: [0xAF])]).error == .flvReservedTagBits(0x48))
        #expect(demux(chunks: [header + Self.rawTag(type: 0x89, body: [0x17])]).error == .flvReservedTagBits(0x89))
        #expect(demux(chunks: [header + Self.rawTag(type: 0x28, body: [0xAF])]).error == .flvEncryptedTag)
    }

    @Test func aTagOverTheSizeLimitIsRejectedAsSoonAsItsHeaderArrives() {
        let header = FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
        let tag = Self.rawTag(type: 9, body: [UInt8](repeating: 0x17, count: 101))
        #expect(demux(chunks: [header + tag], maxDataSize: 101).error == nil)
        #expect(demux(chunks: [header + Array(tag[..<11])], finish: false, maxDataSize: 100).error
            == .flvTagTooLarge(dataSize: 101, limit: 100))
        // An unknown type is checked too: its size is as suspicious.
        #expect(demux(chunks: [header + Array(Self.rawTag(type: 3, body: [0, 0])[..<11])], finish: false, maxDataSize: 1)
            .error == .flvTagTooLarge(dataSize: 2, limit: 1))
        #expect(FLVStreamDemuxer.defaultMaxDataSize == 8 * 1024 * 1024)
    }

    @Test func previousTagSizeMismatchesAreRejected() {
        var bytes = Self.stream
        bytes[12] = 1
        #expect(demux(chunks: [bytes]).error == .flvPreviousTagSizeMismatch(expected: 0, actual: 1))
        var tag = FLVHeader(hasAudio: true, hasVideo: false).encodedWithFirstPreviousTagSize()
            + FLVTag(kind: .audio, timestamp: 0, body: [0xAF, 0x01]).encoded()
        tag[tag.count - 1] = 99
        #expect(demux(chunks: [tag]).error == .flvPreviousTagSizeMismatch(expected: 13, actual: 99))
        var skipped = FLVHeader(hasAudio: true, hasVideo: false).encodedWithFirstPreviousTagSize()
            + Self.rawTag(type: 20, body: [1])
        skipped[skipped.count - 1] = 0
        #expect(demux(chunks: [skipped]).error == .flvPreviousTagSizeMismatch(expected: 12, actual: 0))
    }

    @Test(arguments: [
        ([0x46, 0x4C, 0x58, 0x01, 0x05, 0, 0, 0, 9] as [UInt8], CodecError.flvBadSignature([0x46, 0x4C, 0x58])),
        ([0x46, 0x4C, 0x56, 0x02, 0x05, 0, 0, 0, 9], .flvUnsupportedVersion(2)),
        ([0x46, 0x4C, 0x56, 0x01, 0x05, 0, 0, 0, 8], .flvBadDataOffset(8)),
    ])
    func badFileHeadersAreRejected(header: [UInt8], error: CodecError) {
        #expect(demux(chunks: [header + [0, 0, 0, 0]]).error == error)
    }

    @Test func endingOnATagBoundaryIsCleanAndAnywhereElseIsATruncation() throws {
        let bytes = Self.stream
        var boundaries: Set<Int> = [13]
        var offset = 13
        for tag in Self.tags {
            offset += FLVTag.headerSize + tag.body.count + 4
            boundaries.insert(offset)
        }
        for cut in 0..<bytes.count {
            let result = demux(chunks: [Array(bytes[..<cut])])
            if boundaries.contains(cut) {
                #expect(result.error == nil, "cut at \(cut)")
            } else {
                guard case .truncated(let context, _, _, _)? = result.error else {
                    Issue.record("cut at \(cut): \(String(describing: result.error))")
                    continue
                }
                #expect(context.hasPrefix("flv "))
            }
        }
        #expect(demux(chunks: []).error == .truncated(context: "flv header", offset: 0, needed: 9, available: 0))
        #expect(demux(chunks: [Array(bytes[..<20])]).error
            == .truncated(context: "flv tag header", offset: 13, needed: 11, available: 7))
        #expect(demux(chunks: [Array(bytes[..<30])]).error
            == .truncated(context: "flv tag body", offset: 24, needed: Self.tags[0].body.count + 4, available: 6))
    }

    @Test func staysFailedAndIgnoresFurtherBytes() {
        var demuxer = FLVStreamDemuxer()
        demuxer.feed(Array("FLX\u{1}\u{5}\0\0\0\u{9}".utf8))
        #expect(throws: CodecError.flvBadSignature([0x46, 0x4C, 0x58])) { try demuxer.next() }
        demuxer.feed(Self.stream)
        #expect(throws: CodecError.flvBadSignature([0x46, 0x4C, 0x58])) { try demuxer.next() }
        #expect(demuxer.bufferedByteCount == 0)
    }

    @Test func errorsDescribeTheProblem() {
        #expect(CodecError.flvReservedTagBits(0xC8).description == "flv: reserved bits set in tag type byte 0xc8")
        #expect(CodecError.flvEncryptedTag.description == "flv: encrypted tag (filter bit set) not supported")
        #expect(CodecError.flvTagTooLarge(dataSize: 9, limit: 8).description == "flv: tag of 9 bytes exceeds limit 8")
    }

    /// Loaded once, when the test's trait is evaluated; nil while the media folder is elsewhere.
    private static let clip720p = MediaClips.load(MediaClips.clip720p)

    /// The real 720p clip fed in uneven pieces matches `FLVFileReader` tag by tag (skipped when the clip is missing).
    @Test(.enabled(if: clip720p != nil, "the 720p clip is missing"))
    func aRealClipDemuxesLikeTheFileReader() throws {
        let file = try #require(Self.clip720p)
        let (header, expected) = try FLVFileReader.readAll(file)
        var generator = SplitMix64(seed: 720)
        var demuxer = FLVStreamDemuxer()
        var tags: [Tag] = []
        var offset = 0
        while offset < file.count {
            let end = min(file.count, offset + Int.random(in: 1...100_000, using: &generator))
            file[offset..<end].withUnsafeBytes { demuxer.feed($0) }
            offset = end
            while let packet = try demuxer.next() { tags.append(Tag(packet)) }
        }
        demuxer.finish()
        #expect(try demuxer.next() == nil)
        #expect(demuxer.header == header)
        try #require(tags.count == expected.count)
        for (index, (got, want)) in zip(tags, expected.map(Tag.init)).enumerated() where got != want {
            Issue.record("tag \(index): \(got) != \(want)")
            break
        }
        #expect(demuxer.skippedTagCount == 0)
    }
}

extension Result where Failure == CodecError {
    /// The error, nil on success.
    fileprivate var error: CodecError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
