import TestSupport
import Codec
import Testing

/// The onMetaData script tag ffmpeg wrote into the test clips (scripts/make-test-media.sh).
@Suite struct AMF0MetadataTests {
    private func metadataBody(_ clip: String) throws -> ArraySlice<UInt8> {
        let file = try #require(MediaClips.load(clip), "missing clip \(clip) in \(MediaClips.directory())")
        let tags = try FLVFileReader.readAll(file).tags
        return try #require(tags.first { $0.kind == .script }).body
    }

    @Test func theRealOnMetaDataDecodes() throws {
        let values = try AMF0Decoder.decodeAll(try metadataBody(MediaClips.clip720p))
        #expect(values.count == 2)
        #expect(values.first == .string("onMetaData"))
        let metadata = try #require(values.last?.objectValue)
        guard case .ecmaArray = values.last else {
            Issue.record("ffmpeg writes an ECMA array")
            return
        }
        #expect(metadata["width"] == .number(1280))
        #expect(metadata["height"] == .number(720))
        #expect(metadata["videocodecid"] == .number(7))
        #expect(metadata["audiocodecid"] == .number(10))
        #expect(metadata["audiosamplerate"] == .number(48000))
        #expect(metadata["encoder"]?.stringValue?.hasPrefix("Lavf") == true)
    }

    @Test(arguments: MediaClips.all)
    func reEncodingTheRealMetadataGivesTheSameBytes(clip: String) throws {
        let body = try metadataBody(clip)
        #expect(AMF0Encoder.encode(try AMF0Decoder.decodeAll(body)) == Array(body))
    }
}
