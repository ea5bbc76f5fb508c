import Core
import FuzzSupport
import HTTP

/// What HTTP clients send the server (API, HTTP-FLV, HLS, static files): pipelined requests.
///
/// Byte 0 chooses how the rest is cut into reads. The parser runs twice, whole and in pieces:
/// both must return the same requests and fail (or not) alike. Each request's path then goes
/// through static-file resolution, which must never climb out of the web root, and its Range
/// header through `ByteRange` (the first 8 requests only: the fuzzer likes inputs of hundreds of
/// tiny pipelined requests, and repeating the same checks on each slowed it to 1,000 runs/s).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let pattern = input.first else { return 0 }
    let stream = input.dropFirst()

    let whole = parse([stream])
    let split = parse(FuzzInput.pieces(stream, pattern: pattern))
    fuzzCheck(whole.failed == split.failed, "whole failed: \(whole.failed), split failed: \(split.failed)")
    fuzzCheck(whole.requests.count == split.requests.count,
              "whole: \(whole.requests.count) requests, split: \(split.requests.count)")
    for (a, b) in zip(whole.requests, split.requests) {
        fuzzCheck(a.method == b.method && a.target == b.target && a.body == b.body && a.keepAlive == b.keepAlive
                  && a.headers.fields.elementsEqual(b.headers.fields, by: { $0 == $1 }), "requests differ")
    }

    for request in whole.requests.prefix(8) {
        _ = (request.hostName, request.queryValue("vhost"), request.isOptions, request.isHead)
        _ = try? PercentDecoding.decode(request.rawQuery)
        _ = PercentDecoding.decodeLeniently(request.rawQuery)
        for mount in ["/", "/hls/", "demo.com/live/"] {
            guard let relative = try? StaticPath.resolve(rawPath: request.rawPath, mount: mount) else { continue }
            let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
            fuzzCheck(!relative.hasPrefix("/") && !segments.contains("..") && !segments.contains(""),
                      "\(request.rawPath) resolved to \(relative)")
            let file = StaticPath.join(root: "/srv/www", relative)
            fuzzCheck(StaticPath.isInside(root: "/srv/www", resolved: file), "\(request.rawPath) escaped to \(file)")
        }
        for fileSize in [0, 1, 1000] {
            let range = ByteRange.parse(request.headers["Range"], fileSize: fileSize)
            _ = range.contentRange(fileSize: fileSize)
            if case let .partial(start, end) = range {
                fuzzCheck(0 <= start && start <= end && end < fileSize, "range \(start)-\(end) of \(fileSize) bytes")
            }
        }
    }
    return 0
}

private func parse(_ pieces: [ArraySlice<UInt8>]) -> (requests: [HTTPRequest], failed: Bool) {
    var parser = HTTPRequestParser()
    var requests: [HTTPRequest] = []
    for piece in pieces {
        piece.withUnsafeBytes { parser.feed($0) }
        do {
            while let request = try parser.next() {
                requests.append(request)
                _ = parser.takeContinueRequest()
            }
        } catch {
            return (requests, true)
        }
        _ = parser.takeContinueRequest()
    }
    return (requests, false)
}
