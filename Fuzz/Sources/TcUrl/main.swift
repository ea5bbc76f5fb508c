import FuzzSupport
@testable import RTMP

/// The tcUrl and stream name of a client's connect/play/publish (and the query of an HTTP-FLV
/// request), as SRS discovers vhost, app, stream and param from them.
///
/// Input: tcUrl, stream and param separated by 0 bytes. The discovered request then goes
/// through the rest of the request path (vhost fallback, stream guessed from the app, the
/// stream URL); `ParsedURL` and the query-string splitter also run on the raw tcUrl.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTcUrl(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    let parts = FuzzInput.parts(input[...], limit: 3).map(FuzzInput.text)
    let tcUrl = parts[0]
    let stream = parts.count > 1 ? parts[1] : ""
    let param = parts.count > 2 ? parts[2] : ""

    if let url = ParsedURL(tcUrl) {
        _ = SRSQueryString.parse(url.query)
        if let port = url.port { fuzzCheck((1...65535).contains(port), "port \(port)") }
    }
    guard var request = try? RequestURL.discover(tcUrl: tcUrl, stream: stream, param: param) else { return 0 }
    fuzzCheck(!request.app.isEmpty, "empty app from \(tcUrl)")
    fuzzCheck(!request.host.contains("/") && !request.vhost.contains("/"), "a slash in host or vhost")
    _ = request.resolved(vhostExists: { $0.count % 2 == 0 }).streamURL
    request.guessStreamFromApp()
    _ = request.streamURL
    return 0
}
