import HTTP

/// Everything observable about a parsed request, comparable with `==`.
struct RequestSummary: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var path: String
    var rawQuery: String
    var query: [String]
    var version: HTTPVersion
    var headers: [String]
    var body: [UInt8]
    var keepAlive: Bool

    init(_ request: HTTPRequest) {
        method = request.method
        target = request.target
        path = request.path
        rawQuery = request.rawQuery
        query = request.query.map { "\($0.name)=\($0.value)" }
        version = request.version
        headers = request.headers.map { "\($0.name): \($0.value)" }
        body = request.body
        keepAlive = request.keepAlive
    }

    var description: String { "\(method) \(target) \(version) \(headers) body=\(body.count) keepAlive=\(keepAlive)" }
}

/// Feeds `chunks` one after another, taking every complete request after each; the error if one is thrown.
func parse(chunks: [[UInt8]], limits: HTTPLimits = .default) -> Result<[RequestSummary], HTTPError> {
    var parser = HTTPRequestParser(limits: limits)
    var requests: [RequestSummary] = []
    do throws(HTTPError) {
        for chunk in chunks {
            parser.feed(chunk)
            while let request = try parser.next() { requests.append(RequestSummary(request)) }
        }
        return .success(requests)
    } catch {
        return .failure(error)
    }
}

func parse(_ text: String, limits: HTTPLimits = .default) -> Result<[RequestSummary], HTTPError> {
    parse(chunks: [Array(text.utf8)], limits: limits)
}

/// The single request in `text`, or the test fails.
func parseOne(_ text: String) throws -> HTTPRequest {
    var parser = HTTPRequestParser()
    parser.feed(Array(text.utf8))
    guard let request = try parser.next() else { throw HarnessError.incomplete }
    return request
}

enum HarnessError: Error { case incomplete }

extension Result {
    /// The error's HTTP status code, nil on success.
    var failureStatus: Int? {
        if case .failure(let error) = self, let error = error as? HTTPError { return error.status.code }
        return nil
    }
}

