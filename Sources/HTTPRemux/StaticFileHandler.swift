import Core
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Files from the web root (`http_server.dir`): content types, Range, If-Modified-Since, HEAD,
/// gzip for text, no way out of the root (`..`, encoded dots, symlinks).
public final class StaticFileHandler: HTTPHandler {
    public var root: String
    unowned let server: HTTPServer
    /// SRS 5 HLS sessions (`hls_ctx`), when HLS is served.
    public var hlsSessions: HLSSessions?
    /// Files up to this size are read at once; larger ones are streamed.
    static let inlineLimit = 4 << 20

    public init(root: String, server: HTTPServer) {
        self.root = root
        self.server = server
    }

    public func serve(_ request: HTTPRequest, on connection: HTTPConnection) {
        guard request.method == "GET" || request.method == "HEAD" else {
            server.respondError(.methodNotAllowed, request, connection)
            return
        }
        if hlsSessions?.isRefused(request) == true {
            server.respondError(.forbidden, request, connection)
            return
        }
        let file: StaticFile
        do {
            file = try StaticFile.open(root: root, rawPath: request.rawPath)
        } catch let error as HTTPError {
            server.respondError(error.status, request, connection)
            return
        } catch {
            server.respondError(.notFound, request, connection)
            return
        }
        respond(with: file, request, connection)
    }

    private func respond(with file: StaticFile, _ request: HTTPRequest, _ connection: HTTPConnection) {
        let keepAlive = request.keepAlive
        var head = HTTPResponseHead(status: .ok)
        for (name, value) in server.cors(request) { head.add(name, value) }
        let contentType = MIMETypes.contentType(forPath: file.path)
        head.setContentType(contentType)
        head.set("Last-Modified", HTTPDate.format(file.modified))
        if file.path.hasSuffix(".m3u8") { head.set("Cache-Control", "no-cache") }
        if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse), since >= file.modified {
            file.close()
            head.status = .notModified
            head.setConnection(keepAlive: keepAlive)
            connection.respond(head.serialized(), keepAlive: keepAlive)
            return
        }
        var start = 0, length = file.size
        // A session playlist is generated per request (hls_ctx): ranges of it mean nothing, and
        // players such as ffmpeg ask `Range: bytes=0-` for every playlist.
        let range = hlsSessions != nil && file.path.hasSuffix(".m3u8") ? nil : request.headers["Range"]
        switch ByteRange.parse(range, fileSize: file.size) {
        case .full:
            head.set("Accept-Ranges", "bytes")
        case .partial(let first, let last):
            head.status = .partialContent
            start = first
            length = last - first + 1
            if let range = ByteRange.partial(start: first, end: last).contentRange(fileSize: file.size) {
                head.set("Content-Range", range)
            }
        case .unsatisfiable:
            file.close()
            head.status = .rangeNotSatisfiable
            head.set("Content-Range", "bytes */\(file.size)")
            head.setContentLength(0)
            head.setConnection(keepAlive: keepAlive)
            connection.respond(head.serialized(), keepAlive: keepAlive)
            return
        }
        head.setConnection(keepAlive: keepAlive)
        if request.isHead {
            file.close()
            head.setContentLength(length)
            connection.respond(head.serialized(), keepAlive: keepAlive)
            return
        }
        if length <= StaticFileHandler.inlineLimit {
            defer { file.close() }
            guard var body = file.read(offset: start, count: length) else {
                server.respondError(.internalServerError, request, connection)
                return
            }
            if let sessions = hlsSessions, head.status == .ok {
                if file.path.hasSuffix(".m3u8"),
                   let playlist = sessions.playlist(for: request, peerIP: connection.peerIP, fileBody: { body }) {
                    body = playlist
                    head.set("Last-Modified", HTTPDate.format(file.modified))
                } else if file.path.hasSuffix(".ts") {
                    sessions.segmentServed(request, bytes: body.count)
                }
            }
            if head.status == .ok, StaticFileHandler.compressible(contentType), length > 256, Gzip.acceptsGzip(request),
               let compressed = try? Gzip.compress(body) {
                // Optional optimisation: the uncompressed body is served when zlib fails.
                body = compressed
                head.set("Content-Encoding", "gzip")
                head.add("Vary", "Accept-Encoding")
            }
            head.setContentLength(body.count)
            connection.respond(head: head.serialized(), body: SharedBytes(body), keepAlive: keepAlive)
            return
        }
        head.setContentLength(length)
        connection.connection.enqueueCopy(head.serialized())
        let sender = FileSender(file: file, offset: start, remaining: length, connection: connection, keepAlive: keepAlive)
        connection.beginStreaming(sender)
        sender.streamDidDrain()
    }

    static func compressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType == "application/json"
            || contentType == "application/vnd.apple.mpegurl" || contentType == "application/javascript"
    }
}
