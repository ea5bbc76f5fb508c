import HTTP
import Testing

@Suite struct MIMETypesTests {
    @Test(arguments: [
        ("/live/a.ts", "video/MP2T"), ("/live/a.flv", "video/x-flv"), ("/live/a.m3u8", "application/vnd.apple.mpegurl"),
        ("/a.mp4", "video/mp4"), ("/a.aac", "audio/x-aac"), ("/a.mp3", "audio/mpeg"), ("/index.html", "text/html"),
        ("/a.js", "text/javascript"), ("/a.css", "text/css"), ("/a.json", "application/json"), ("/a.xml", "text/xml"),
        ("/favicon.ico", "image/x-icon"), ("/a.png", "image/png"), ("/a.jpg", "image/jpeg"), ("/a.jpeg", "image/jpeg"),
        ("/a.gif", "image/gif"), ("/a.svg", "image/svg+xml"), ("/a.mpd", "application/dash+xml"),
        ("/a.m4s", "video/iso.segment"), ("/a.txt", "text/plain"), ("/A.M3U8", "application/vnd.apple.mpegurl"),
        ("/a.unknown", "application/octet-stream"), ("/noext", "application/octet-stream"),
        ("/dir.ts/file", "application/octet-stream"), ("a.b.flv", "video/x-flv"), ("", "application/octet-stream"),
    ])
    func mapsExtensionsLikeSRS(path: String, type: String) {
        #expect(MIMETypes.contentType(forPath: path) == type)
    }
}
