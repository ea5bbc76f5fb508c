import API
import Testing

@Suite("Raw API bodies")
struct RawAPIBodiesTests {
    static let off = RawAPISettings(apiEnabled: true, apiListen: "1985")
    static let on = RawAPISettings(apiEnabled: true, apiListen: "127.0.0.1:1985", crossdomain: false,
                                   enabled: true, allowReload: true)

    @Test func rawAnswersEvenWhenTheRawAPIIsOff() {
        guard case .reply(let offBody) = APIBodies.raw(rpc: "raw", settings: Self.off, lastReload: ReloadRecord()) else {
            Issue.record("rpc=raw must reply with the raw API off")
            return
        }
        #expect(offBody.encoded == #"{"code":0,"http_api":{"enabled":true,"listen":"1985","crossdomain":true,"raw_api":{"enabled":false,"allow_reload":false,"allow_query":false,"allow_update":false}}}"#)
        guard case .reply(let body) = APIBodies.raw(rpc: "raw", settings: Self.on, lastReload: ReloadRecord()) else {
            Issue.record("rpc=raw must reply")
            return
        }
        #expect(body.encoded == #"{"code":0,"http_api":{"enabled":true,"listen":"127.0.0.1:1985","crossdomain":false,"raw_api":{"enabled":true,"allow_reload":true,"allow_query":false,"allow_update":false}}}"#)
    }

    @Test(arguments: [
        // (rpc, enabled, allowReload, expected code or nil for a reload)
        ("reload", false, false, 1061), ("reload", false, true, 1061), ("reload", true, false, 1061),
        ("reload-fetch", false, true, 1061), ("", true, true, 1060), ("query", true, true, 1060),
        ("update", true, true, 1060), ("RAW", true, true, 1060),
    ])
    func refusals(rpc: String, enabled: Bool, allowReload: Bool, code: Int) {
        let settings = RawAPISettings(apiEnabled: true, enabled: enabled, allowReload: allowReload)
        #expect(APIBodies.raw(rpc: rpc, settings: settings, lastReload: ReloadRecord()) == .reply(APIEnvelope.error(code: code)))
    }

    @Test func reloadNeedsEnabledAndAllowReload() {
        #expect(APIBodies.raw(rpc: "reload", settings: Self.on, lastReload: ReloadRecord()) == .reload)
    }

    @Test func reloadFetchReportsTheLastReload() {
        let failed = ReloadRecord(err: 1023, msg: "conf/x.conf:3: illegal directive y", state: .transforming, rid: "abcdefg")
        guard case .reply(let body) = APIBodies.raw(rpc: "reload-fetch", settings: Self.on, lastReload: failed) else {
            Issue.record("reload-fetch must reply")
            return
        }
        #expect(body.encoded == #"{"code":0,"data":{"err":1023,"msg":"conf/x.conf:3: illegal directive y","state":20,"rid":"abcdefg"}}"#)
        let fresh = ReloadRecord.finished()
        #expect(fresh.rid.count == 7 && fresh.state == .finished && fresh.err == 0)
        #expect(ReloadRecord.finished().rid != fresh.rid)
    }
}
