import HTTP
import HTTPRemux

/// A route whose work is a closure.
final class APIRoute: HTTPHandler {
    private let body: (HTTPRequest, HTTPConnection) -> Void

    init(_ body: @escaping (HTTPRequest, HTTPConnection) -> Void) { self.body = body }

    func serve(_ request: HTTPRequest, on connection: HTTPConnection) { body(request, connection) }
}
