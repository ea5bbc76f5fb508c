import Core
import FuzzSupport
import HTTP

/// What servers send our HTTP client (hook replies, origin-cluster answers, HTTP-FLV from an
/// origin), and the URLs it follows (configured URLs, redirect `Location`s).
///
/// Byte 0: bit 0 answers a HEAD request, the rest cuts the response into reads. Then a URL up to
/// the first 0 byte, then the response. The parser runs whole and in pieces (same events, same
/// outcome), and the collector once. The URL is parsed, and resolved against a base as a
/// reference; every URL parsed or resolved must print to text that parses back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    guard let control = input.first else { return 0 }
    let parts = FuzzInput.parts(input.dropFirst(), limit: 2)
    let urlText = FuzzInput.text(parts[0])
    let response = parts.count > 1 ? parts[1] : []
    let method = control & 1 == 0 ? "GET" : "HEAD"

    let whole = parse([response], method: method)
    let split = parse(FuzzInput.pieces(response, pattern: control >> 1), method: method)
    fuzzCheck(whole.failed == split.failed && whole.ended == split.ended, "whole and split responses end differently")
    fuzzCheck(whole.status == split.status && whole.body == split.body, "whole and split responses differ")

    var collector = HTTPResponseCollector(requestMethod: method)
    response.withUnsafeBytes { collector.feed($0) }
    collector.finish()
    _ = try? collector.response()

    let base = try! HTTPURL(parsing: "http://origin.example:8080/live/a/livestream.flv?token=1")
    var references = [urlText]
    if let location = whole.location { references.append(location) }
    for reference in references {
        if let url = try? HTTPURL(parsing: reference) { checkPrintable(url) }
        if let url = try? base.resolving(reference) { checkPrintable(url) }
    }
    return 0
}

private struct Outcome {
    var status: Int?
    var location: String?
    var body: [UInt8] = []
    var ended = false
    var failed = false
}

private func parse(_ pieces: [ArraySlice<UInt8>], method: String) -> Outcome {
    var parser = HTTPResponseParser(requestMethod: method)
    var outcome = Outcome()
    for piece in pieces + [[]] {
        if piece.isEmpty { parser.finish() } else { piece.withUnsafeBytes { parser.feed($0) } }
        do {
            while let event = try parser.next() {
                switch event {
                case .head(let head):
                    fuzzCheck(outcome.status == nil, "two heads")
                    outcome.status = head.status.code
                    outcome.location = head.location
                    _ = head.isRedirect
                case .body(let bytes):
                    fuzzCheck(!bytes.isEmpty && outcome.status != nil && !outcome.ended, "body event out of place")
                    outcome.body += bytes
                case .end:
                    fuzzCheck(outcome.status != nil && !outcome.ended, "end event out of place")
                    outcome.ended = true
                }
            }
        } catch {
            outcome.failed = true
            return outcome
        }
    }
    return outcome
}

private func checkPrintable(_ url: HTTPURL) {
    _ = (url.target, url.hostHeader, url.socketHost)
    let reparsed = try? HTTPURL(parsing: url.description)
    fuzzCheck(reparsed == url, "\(url) does not parse back to itself")
}
