import Codec
import Core
import Testing
@testable import RTMP

/// The replies must match SRS field for field and in order (srs-facts §5.3–5.6, §5.10).
@Suite("ServerReplies")
struct ServerRepliesTests {
    static func object(_ pairs: [(String, AMF0Value)]) -> AMF0Object {
        AMF0Object(pairs.map { AMF0Property($0.0, $0.1) })
    }

    static func onStatus(name: String = "onStatus", _ pairs: [(String, AMF0Value)]) -> RTMPCommand {
        RTMPCommand(name: name, transactionID: 0, commandObject: .null, arguments: [.object(object(pairs))])
    }

    @Test("connect _result carries the FMS props and the SRS info object in SRS's order")
    func connectResult() throws {
        let reply = ServerReplies.connectResult(objectEncoding: 3, serverIP: "10.0.0.5", pid: 4242, cid: "k3j2h1g0")
        let props = Self.object([("fmsVer", .string("FMS/3,5,3,888")), ("capabilities", .number(127)), ("mode", .number(1))])
        let data = Self.object([
            ("version", .string("3,5,3,888")), ("srs_sig", .string("SRS")), ("srs_server", .string("SRS/5.0.216(Bee)")),
            ("srs_license", .string("MIT")), ("srs_url", .string("https://github.com/ossrs/srs")),
            ("srs_version", .string("5.0.216")), ("srs_authors", .string(ServerVersion.authors)),
            ("srs_server_ip", .string("10.0.0.5")), ("srs_pid", .number(4242)), ("srs_id", .string("k3j2h1g0")),
        ])
        let info = Self.object([
            ("level", .string("status")), ("code", .string("NetConnection.Connect.Success")),
            ("description", .string("Connection succeeded")), ("objectEncoding", .number(3)), ("data", .ecmaArray(data)),
        ])
        #expect(reply == RTMPCommand(name: "_result", transactionID: 1, commandObject: .object(props), arguments: [.object(info)]))
        #expect(try RTMPCommand(amf0: reply.encode()) == reply)
    }

    @Test("connect _result leaves srs_server_ip out when the local address is unknown")
    func connectResultWithoutIP() {
        let reply = ServerReplies.connectResult(objectEncoding: 0, serverIP: nil, pid: 1, cid: "x")
        let data = reply.arguments.first?.objectValue?["data"]?.objectValue
        #expect(data?.properties.map(\.key) == ["version", "srs_sig", "srs_server", "srs_license", "srs_url",
                                                "srs_version", "srs_authors", "srs_pid", "srs_id"])
    }

    @Test("onBWDone is exactly \"onBWDone\", 0, null on the wire")
    func onBWDoneBytes() {
        let expected: [UInt8] = [0x02, 0x00, 0x08] + Array("onBWDone".utf8) + [0x00] + [UInt8](repeating: 0, count: 8) + [0x05]
        #expect(ServerReplies.onBWDone().encode() == expected)
    }

    @Test("_result variants: createStream answers 1, FMLE calls undefined, other calls null")
    func results() {
        #expect(ServerReplies.createStreamResult(tid: 4)
            == RTMPCommand(name: "_result", transactionID: 4, commandObject: .null, arguments: [.number(1)]))
        #expect(ServerReplies.fmleResult(tid: 2)
            == RTMPCommand(name: "_result", transactionID: 2, commandObject: .null, arguments: [.undefined]))
        #expect(ServerReplies.genericResult(tid: 5)
            == RTMPCommand(name: "_result", transactionID: 5, commandObject: .null, arguments: [.null]))
    }

    @Test("publish and unpublish statuses")
    func publishStatuses() {
        #expect(ServerReplies.onFCPublish() == Self.onStatus(name: "onFCPublish", [
            ("code", .string("NetStream.Publish.Start")), ("description", .string("Started publishing stream.")),
        ]))
        #expect(ServerReplies.publishStart() == Self.onStatus([
            ("level", .string("status")), ("code", .string("NetStream.Publish.Start")),
            ("description", .string("Started publishing stream.")), ("clientid", .string("ASAICiss")),
        ]))
        #expect(ServerReplies.onFCUnpublish() == Self.onStatus(name: "onFCUnpublish", [
            ("code", .string("NetStream.Unpublish.Success")), ("description", .string("Stop publishing stream.")),
        ]))
        #expect(ServerReplies.unpublishSuccess() == Self.onStatus([
            ("level", .string("status")), ("code", .string("NetStream.Unpublish.Success")),
            ("description", .string("Stream is now unpublished")), ("clientid", .string("ASAICiss")),
        ]))
    }

    @Test("play statuses, sample access and Data.Start")
    func playStatuses() {
        #expect(ServerReplies.playReset() == Self.onStatus([
            ("level", .string("status")), ("code", .string("NetStream.Play.Reset")),
            ("description", .string("Playing and resetting stream.")), ("details", .string("stream")),
            ("clientid", .string("ASAICiss")),
        ]))
        #expect(ServerReplies.playStart() == Self.onStatus([
            ("level", .string("status")), ("code", .string("NetStream.Play.Start")),
            ("description", .string("Started playing stream.")), ("details", .string("stream")),
            ("clientid", .string("ASAICiss")),
        ]))
        #expect(ServerReplies.sampleAccess() == RTMPData(name: "|RtmpSampleAccess", values: [.boolean(true), .boolean(true)]))
        #expect(ServerReplies.dataStart()
            == RTMPData(name: "onStatus", values: [.object(Self.object([("code", .string("NetStream.Data.Start"))]))]))
    }

    @Test("pause and unpause statuses")
    func pauseStatuses() {
        #expect(ServerReplies.pauseNotify() == Self.onStatus([
            ("level", .string("status")), ("code", .string("NetStream.Pause.Notify")), ("description", .string("Paused stream.")),
        ]))
        #expect(ServerReplies.unpauseNotify() == Self.onStatus([
            ("level", .string("status")), ("code", .string("NetStream.Unpause.Notify")),
            ("description", .string("Unpaused stream.")),
        ]))
    }

    @Test("rejection and 302 redirect")
    func rejectAndRedirect() {
        #expect(ServerReplies.connectRejected(description: "denied") == Self.onStatus([
            ("level", .string("error")), ("code", .string("NetConnection.Connect.Rejected")),
            ("description", .string("denied")),
        ]))
        let ex = Self.object([
            ("code", .number(302)), ("redirect", .string("rtmp://10.0.0.2:1935/live")),
            ("redirect2", .string("rtmp://10.0.0.2:1935/live/livestream")),
        ])
        let expected = Self.onStatus([
            ("level", .string("error")), ("code", .string("NetConnection.Connect.Rejected")),
            ("description", .string("RTMP 302 Redirect")), ("ex", .object(ex)),
        ])
        #expect(ServerReplies.redirect(url: "rtmp://10.0.0.2:1935/live/livestream") == expected)
        #expect(ServerReplies.redirect(tcUrl: "rtmp://10.0.0.2:1935/live", url: "rtmp://10.0.0.2:1935/live/livestream")
            == expected)
    }
}
