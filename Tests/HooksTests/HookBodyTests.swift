import API
import Live
import Testing
@testable import Hooks

@Suite("Hook bodies")
struct HookBodyTests {
    static let id = HookBody.Identity(serverID: "vid-0xy", serviceID: "svc12345")
    static let subject = HookSubject(clientID: "abcd1234", ip: "10.0.0.9", vhost: "__defaultVhost__", app: "live",
                                     stream: "livestream", param: "?token=1", tcUrl: "rtmp://10.0.0.1/live",
                                     pageUrl: "http://page")
    static let common = "\"server_id\":\"vid-0xy\",\"service_id\":\"svc12345\""

    @Test func onConnect() {
        #expect(HookBody.connect(Self.subject, Self.id).encoded == "{\(Self.common),\"action\":\"on_connect\",\"client_id\":\"abcd1234\",\"ip\":\"10.0.0.9\",\"vhost\":\"__defaultVhost__\",\"app\":\"live\",\"stream\":\"livestream\",\"param\":\"?token=1\",\"tcUrl\":\"rtmp://10.0.0.1/live\",\"pageUrl\":\"http://page\"}")
    }

    @Test func onClose() {
        #expect(HookBody.close(Self.subject, Self.id, sendBytes: 10, recvBytes: 20).encoded == "{\(Self.common),\"action\":\"on_close\",\"client_id\":\"abcd1234\",\"ip\":\"10.0.0.9\",\"vhost\":\"__defaultVhost__\",\"app\":\"live\",\"send_bytes\":10,\"recv_bytes\":20}")
    }

    @Test(arguments: ["on_publish", "on_unpublish", "on_stop"])
    func streamHooks(action: String) {
        #expect(HookBody.stream(action: action, Self.subject, Self.id, streamID: "vid-s").encoded == "{\(Self.common),\"action\":\"\(action)\",\"client_id\":\"abcd1234\",\"ip\":\"10.0.0.9\",\"vhost\":\"__defaultVhost__\",\"app\":\"live\",\"tcUrl\":\"rtmp://10.0.0.1/live\",\"stream\":\"livestream\",\"param\":\"?token=1\",\"stream_url\":\"/live/livestream\",\"stream_id\":\"vid-s\"}")
    }

    @Test func onPlayWithoutAStreamID() {
        let body = HookBody.play(Self.subject, Self.id, streamID: nil).encoded
        #expect(body == "{\(Self.common),\"action\":\"on_play\",\"client_id\":\"abcd1234\",\"ip\":\"10.0.0.9\",\"vhost\":\"__defaultVhost__\",\"app\":\"live\",\"stream\":\"livestream\",\"tcUrl\":\"rtmp://10.0.0.1/live\",\"param\":\"?token=1\",\"pageUrl\":\"http://page\",\"stream_url\":\"/live/livestream\"}")
    }

    @Test func onDvr() {
        let body = HookBody.dvr(Self.subject, Self.id, file: HookBody.File(cwd: "/srs", file: "./objs/a.flv"), streamID: "vid-s")
        #expect(body.encoded.hasSuffix("\"param\":\"?token=1\",\"cwd\":\"/srs\",\"file\":\"./objs/a.flv\",\"stream_url\":\"/live/livestream\",\"stream_id\":\"vid-s\"}"))
    }

    @Test func namedVhostStreamURL() {
        var subject = Self.subject
        subject.vhost = "v.example"
        #expect(HookBody.play(subject, Self.id, streamID: nil).encoded.contains("\"stream_url\":\"v.example/live/livestream\""))
    }
}

@Suite("Hook replies")
struct HookReplyTests {
    @Test(arguments: [(200, "0"), (201, "0"), (200, #"{"code":0}"#), (200, #"{"code":0,"data":"x"}"#)])
    func accepted(status: Int, body: String) {
        #expect(HookReply.check(status: status, body: Array(body.utf8)) == nil)
    }

    @Test(arguments: [
        (404, "0", HookError.status(404)),
        (500, "", HookError.status(500)),
        (200, "", HookError.emptyBody),
        (200, "ok", HookError.notJSON("ok")),
        (200, "1", HookError.code("1")),
        (200, "0 ", HookError.code("0 ")),
        (200, #"{"code":403}"#, HookError.code("code 403")),
        (200, #"{"code":"0"}"#, HookError.code(#"no integer code in {"code":"0"}"#)),
        (200, "[]", HookError.code("[]")),
    ])
    func refused(status: Int, body: String, error: HookError) {
        #expect(HookReply.check(status: status, body: Array(body.utf8)) == error)
    }
}
