import Clients
import Codec
import Core
import HTTP
import IO

/// An edge pull over HTTP-FLV (`cluster.protocol flv`, or `follow_client` for HTTP-FLV players,
/// srs-facts §10): GET `http://origin/app/stream.flv?query`, FLV tags demuxed as they arrive.
/// A 302 is reported to the pull, which follows it (up to 3 in a row); 404 means no such stream.
final class FLVPullUpstream: EdgeUpstream, HTTPClientStreamDelegate {
    weak var delegate: EdgeUpstreamDelegate?
    private var client: HTTPClient?
    private let url: String
    private var demuxer = FLVStreamDemuxer()
    private var started = false
    private var received: UInt64 = 0
    private unowned let loop: EventLoop
    private let resolver: Resolver
    private let readTimeoutMillis: Int64

    init(loop: EventLoop, resolver: Resolver, url: String, readTimeoutMillis: Int64) {
        self.loop = loop
        self.resolver = resolver
        self.url = url
        self.readTimeoutMillis = readTimeoutMillis
    }

    var endpoint: String { client?.endpoint ?? url }
    var bytesReceived: UInt64 { received }

    func start() {
        let parsed: HTTPURL
        do {
            parsed = try HTTPURL(parsing: url)
        } catch {
            loop.deferToIterationEnd { [weak self] in
                guard let self else { return }
                self.delegate?.upstream(self, didEndWith: error, redirect: nil)
            }
            return
        }
        let client = HTTPClient(loop: loop, resolver: resolver, url: parsed, request: HTTPClient.request("GET", parsed),
                                timeoutMillis: readTimeoutMillis, mode: .streaming(self))
        self.client = client
        client.start()
    }

    func stop() {
        delegate = nil
        client?.cancel()
        client = nil
    }

    func httpClient(_ client: HTTPClient, didReceive head: HTTPClientResponseHead) {
        if head.isRedirect, let location = head.location {
            let target = (try? client.url.resolving(location).description) ?? location
            end(nil, redirect: target)
        } else if head.status.code != 200 {
            end(EdgePullError.status(head.status.code, url), redirect: nil)
        } else {
            started = true
            delegate?.upstreamDidStart(self)
        }
    }

    func httpClient(_ client: HTTPClient, didReceiveBody bytes: [UInt8]) {
        guard started else { return }
        received &+= UInt64(bytes.count)
        demuxer.feed(bytes)
        do {
            while let packet = try demuxer.next() {
                delegate?.upstream(self, didReceive: packet)
                if self.client == nil { return }
            }
        } catch {
            end(error.wrapped("edge flv pull \(url)"), redirect: nil)
        }
    }

    func httpClient(_ client: HTTPClient, didEndWith error: (any Error)?) {
        self.client = nil
        delegate?.upstream(self, didEndWith: error ?? EdgePullError.ended(url), redirect: nil)
    }

    private func end(_ error: (any Error)?, redirect: String?) {
        client?.cancel()
        client = nil
        delegate?.upstream(self, didEndWith: error, redirect: redirect)
    }
}

/// Why an HTTP-FLV pull ended.
public enum EdgePullError: Error, CustomStringConvertible, SRSCoded {
    case status(Int, String)
    case ended(String)

    public var description: String {
        switch self {
        case .status(let code, let url): return "edge flv pull \(url): HTTP \(code)"
        case .ended(let url): return "edge flv pull \(url): the origin ended the stream"
        }
    }

    public var srsCode: Int {
        switch self {
        case .status(404, _): return SRSErrorCode.streamNotFound
        case .status, .ended: return SRSErrorCode.edgeUpstream
        }
    }
}
