import TestSupport
import CZlib
import HTTP
import Testing

@Suite struct GzipTests {
    /// Decompresses a gzip member with zlib's inflate (window 15 + 16: gzip wrapper only).
    private func gunzip(_ bytes: [UInt8], expectedSize: Int) throws -> [UInt8] {
        var stream = z_stream()
        try #require(inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expectedSize + 16)
        var input = bytes
        let code = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        try #require(code == Z_STREAM_END)
        #expect(stream.avail_in == 0)
        return Array(output[..<Int(stream.total_out)])
    }

    @Test func compressedBytesInflateBackToTheOriginal() throws {
        let json = Array(String(repeating: "{\"code\":0,\"server\":\"vid-abc\"},", count: 300).utf8)
        let compressed = try Gzip.compress(json)
        #expect(compressed.starts(with: [0x1F, 0x8B, 0x08]))
        #expect(compressed.count < json.count / 10)
        #expect(try gunzip(compressed, expectedSize: json.count) == json)
    }

    @Test func emptyAndIncompressibleInputsRoundTrip() throws {
        #expect(try gunzip(try Gzip.compress([]), expectedSize: 0) == [])
        var generator = SplitMix64(seed: 0x5EED_0007)
        let noise = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try gunzip(try Gzip.compress(noise, level: 9), expectedSize: noise.count) == noise)
    }

    @Test func anInvalidLevelIsAZlibError() {
        #expect(throws: HTTPError.zlib(function: "deflateInit2_", code: Z_STREAM_ERROR)) {
            try Gzip.compress([1, 2, 3], level: 42)
        }
    }

    @Test(arguments: [
        (["gzip"], true),
        (["GZIP"], true),
        (["x-gzip"], true),
        (["deflate, gzip;q=0.5"], true),
        (["br", "gzip"], true),
        (["gzip;q=0"], false),
        (["gzip; q=0.000"], false),
        (["gzip;Q=0"], false),
        (["*"], true),
        (["*;q=0"], false),
        (["*, gzip;q=0"], false),
        (["gzip;q=0, *"], false),
        (["br"], false),
        (["identity"], false),
        ([], false),
        ([""], false),
        (["gzip;q=abc"], false),
        (["gzip;q=1.5"], false),
        (["gzip;level=1"], true),
    ] as [([String], Bool)])
    func negotiatesGzipFromAcceptEncoding(values: [String], accepts: Bool) {
        #expect(Gzip.acceptsGzip(acceptEncoding: values) == accepts)
    }

    @Test func readsAcceptEncodingFromTheRequest() throws {
        #expect(Gzip.acceptsGzip(try parseOne("GET / HTTP/1.1\r\nAccept-Encoding: gzip, deflate\r\n\r\n")))
        #expect(!Gzip.acceptsGzip(try parseOne("GET / HTTP/1.1\r\n\r\n")))
    }
}
