import DVR
import Testing

@Suite struct DVRApplyTests {
    static let cases: [(apply: DVRApply, app: String, stream: String, records: Bool)] = [
        (.all, "live", "a", true),
        (.streams(["live/a"]), "live", "a", true),
        (.streams(["live/a", "live/b"]), "live", "b", true),
        (.streams(["live/a"]), "live", "b", false),
        (.streams(["live/a"]), "other", "a", false),
        // SRS compat: exact names only: no prefixes, no wildcards, no vhost.
        (.streams(["live"]), "live", "a", false),
        (.streams(["live/*"]), "live", "a", false),
        (.streams(["__defaultVhost__/live/a"]), "live", "a", false),
        (.streams(["none"]), "live", "a", false),
        (.streams(["all", "live/b"]), "live", "a", false),
    ]

    @Test("dvr_apply selects app/stream exactly", arguments: cases)
    func matches(apply: DVRApply, app: String, stream: String, records: Bool) {
        #expect(apply.matches(app: app, stream: stream) == records)
        #expect(DVRSettings(apply: apply).records(app: app, stream: stream) == records)
    }

    @Test func aDisabledVhostRecordsNothing() {
        #expect(!DVRSettings(enabled: false).records(app: "live", stream: "a"))
    }
}
