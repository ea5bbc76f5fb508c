import TestSupport
import Codec
import Testing

@Suite struct FLVFileReaderTests {
    private func clip(_ name: String) throws -> [UInt8] {
        try #require(MediaClips.load(name), "missing clip \(name) in \(MediaClips.directory())")
    }

    /// (clip, has audio, has video, seconds) as scripts/make-test-media.sh makes them.
    @Test(arguments: [
        (MediaClips.clip720p, true, true, 20), (MediaClips.clip360p, true, true, 10),
        (MediaClips.clip240p, false, true, 6), (MediaClips.aacOnly, true, false, 6),
    ])
    func readsEveryTagOfAClip(name: String, hasAudio: Bool, hasVideo: Bool, seconds: Int) throws {
        let file = try clip(name)
        let (header, tags) = try FLVFileReader.readAll(file)
        #expect(header.hasAudio == hasAudio)
        #expect(header.hasVideo == hasVideo)
        #expect(tags.first?.kind == .script)
        #expect(tags.contains { $0.kind == .audio } == hasAudio)
        #expect(tags.contains { $0.kind == .video } == hasVideo)
        // Tags tile the file exactly: header + PreviousTagSize0 + (11 + body + 4) each.
        let tiled = tags.reduce(FLVHeader.size + 4) { $0 + FLVTag.headerSize + $1.body.count + 4 }
        #expect(tiled == file.count)
        let last = try #require(tags.last?.timestamp)
        #expect(Int(last) / 1000 >= seconds - 1 && Int(last) / 1000 <= seconds)
    }

    @Test(arguments: MediaClips.all)
    func reEncodingEveryTagRebuildsTheFile(name: String) throws {
        let file = try clip(name)
        let (header, tags) = try FLVFileReader.readAll(file)
        var rebuilt = header.encodedWithFirstPreviousTagSize()
        for tag in tags { rebuilt += tag.encoded() }
        #expect(rebuilt == file)
    }

    @Test func everyTruncationOfAFileThrows() throws {
        var file = FLVHeader(hasAudio: true, hasVideo: true).encodedWithFirstPreviousTagSize()
        file += FLVTag(kind: .script, timestamp: 0, body: [0x05]).encoded()
        file += FLVTag(kind: .video, timestamp: 0x0100_0000, body: [0x17, 0x00, 0, 0, 0]).encoded()
        file += FLVTag(kind: .audio, timestamp: 0x0100_0001, body: [0xAF, 0x01, 0x21]).encoded()
        #expect(try FLVFileReader.readAll(file).tags.count == 3)
        let boundaries: Set<Int> = [13, 13 + 16, 13 + 16 + 20]
        for cut in 0..<file.count {
            if boundaries.contains(cut) {
                #expect(throws: Never.self) { _ = try FLVFileReader.readAll(Array(file[..<cut])) }
            } else {
                #expect(throws: CodecError.self, "cut at \(cut)") { _ = try FLVFileReader.readAll(Array(file[..<cut])) }
            }
        }
    }

    @Test func theFirstThousandCutsOfARealClipThrowUnlessOnATagBoundary() throws {
        let file = try clip(MediaClips.clip240p)
        let tags = try FLVFileReader.readAll(file).tags
        var boundaries: Set<Int> = [13]
        var offset = 13
        for tag in tags {
            offset += FLVTag.headerSize + tag.body.count + 4
            boundaries.insert(offset)
        }
        for cut in 0..<1000 {
            let outcome = Result { () throws(CodecError) in try FLVFileReader.readAll(Array(file[..<cut])) }
            if case .success = outcome {
                #expect(boundaries.contains(cut), "cut at \(cut) parsed")
            } else {
                #expect(!boundaries.contains(cut), "cut at \(cut) failed")
            }
        }
    }

    @Test func aPreviousTagSizeMismatchIsRejected() {
        var file = FLVHeader(hasAudio: true, hasVideo: false).encodedWithFirstPreviousTagSize()
        file += FLVTag(kind: .audio, timestamp: 0, body: [0xAF, 0x01]).encoded()
        file[file.count - 1] = 99
        #expect(throws: CodecError.flvPreviousTagSizeMismatch(expected: 13, actual: 99)) {
            _ = try FLVFileReader.readAll(file)
        }
        var badFirst = FLVHeader(hasAudio: true, hasVideo: false).encodedWithFirstPreviousTagSize()
        badFirst[12] = 1
        #expect(throws: CodecError.flvPreviousTagSizeMismatch(expected: 0, actual: 1)) {
            _ = try FLVFileReader(badFirst)
        }
    }

    @Test func nextReturnsNilAtTheEndOfTheFile() throws {
        var reader = try FLVFileReader(FLVHeader(hasAudio: false, hasVideo: false).encodedWithFirstPreviousTagSize())
        #expect(try reader.next() == nil)
    }
}
