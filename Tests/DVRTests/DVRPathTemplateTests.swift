@testable import DVR
import Testing

@Suite struct DVRPathTemplateTests {
    /// 2023-11-14 22:13:20.123 UTC.
    static let wall: Int64 = 1_700_000_000_123

    static let cases: [(template: String, path: String)] = [
        ("./objs/nginx/html/[app]/[stream].[timestamp].flv", "./objs/nginx/html/live/cam1.1700000000123.flv"),
        ("/data/[vhost]/[app]/[stream]/[2006]/[01]/[02]/[15].[04].[05].[999].mp4",
         "/data/__defaultVhost__/live/cam1/2023/11/14/22.13.20.123.mp4"),
        ("[stream]-[2006][01][02].flv", "cam1-20231114.flv"),
        // SRS compat: a path that names no .flv/.mp4 file is a directory for [stream].[timestamp].flv.
        ("./objs/nginx/html", "./objs/nginx/html/cam1.1700000000123.flv"),
        ("/dvr/[app]/", "/dvr/live//cam1.1700000000123.flv"),
        ("/dvr/[app]/[stream].ts", "/dvr/live/cam1.ts/cam1.1700000000123.flv"),
        ("/dvr/fixed.flv", "/dvr/fixed.flv"),
        ("/dvr/[unknown]/[stream].flv", "/dvr/[unknown]/cam1.flv"),
    ]

    @Test("dvr_path variables", arguments: cases)
    func buildsPaths(template: String, path: String) {
        #expect(DVRPathTemplate.path(template, vhost: "__defaultVhost__", app: "live", stream: "cam1",
                                     wallMillis: Self.wall, utc: true) == path)
    }

    @Test func padsEveryField() {
        // 2001-02-03 04:05:06.007 UTC.
        let path = DVRPathTemplate.time("[2006]-[01]-[02] [15]:[04]:[05].[999]", wallMillis: 981_173_106_007, utc: true)
        #expect(path == "2001-02-03 04:05:06.007")
    }

    @Test func containerFollowsTheConfiguredSuffix() {
        #expect(DVRSettings(path: "/a/[stream].mp4").container == .mp4)
        #expect(DVRSettings(path: "/a/[stream].flv").container == .flv)
        #expect(DVRSettings(path: "/a").container == .flv)
        #expect(DVRSettings(path: "/a/[stream].MP4").container == .flv)
    }

    @Test(arguments: [("/a/b/c.flv", "/a/b"), ("c.flv", "."), ("/c.flv", "/"), ("./x/c.flv", "./x")])
    func dirname(path: String, directory: String) {
        #expect(DVRPathTemplate.dirname(path) == directory)
    }
}
