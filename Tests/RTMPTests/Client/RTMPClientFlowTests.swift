import Codec
import Core
import Testing
@testable import RTMP

@Suite("RTMP client flow")
struct RTMPClientFlowTests {
    static let identity = RTMPClientRequest.upnodeIdentity(pid: 42, cid: "abcd1234", serverIP: "10.0.0.1")

    static func request(_ role: RTMPClientRequest.Role, identity: AMF0Object? = nil) -> RTMPClientRequest {
        RTMPClientRequest(role: role, tcUrl: "rtmp://127.0.0.1:19350/live", app: "live", stream: "s?token=1",
                          identity: identity, chunkSize: 60000)
    }

    static func commands(_ events: [RTMPClientEvent]) -> [(RTMPCommand, UInt32)] {
        events.compactMap { event in
            if case .send(.command(let command, _), _, let streamID) = event { return (command, streamID) }
            return nil
        }
    }

    static func connectResult(code: String = "NetConnection.Connect.Success") -> RTMPMessage {
        .command(RTMPCommand(name: "_result", transactionID: 1, commandObject: .object(["fmsVer": .string("FMS/3")]),
                             arguments: [.object(["level": .string("status"), "code": .string(code)])]))
    }

    static func onStatus(_ level: String, _ code: String, ex: AMF0Object? = nil) -> RTMPMessage {
        var info: AMF0Object = ["level": .string(level), "code": .string(code), "description": .string("d")]
        if let ex { info["ex"] = .object(ex) }
        return .command(RTMPCommand(name: "onStatus", transactionID: 0, arguments: [.object(info)]))
    }

    @Test func startsWithSetChunkSizeThenConnectCarryingSRSFields() throws {
        var flow = RTMPClientFlow(request: Self.request(.play, identity: Self.identity))
        let events = flow.start()
        guard case .send(.setChunkSize(60000), 2, 0) = events[0] else { Issue.record("no SetChunkSize first"); return }
        let (connect, streamID) = try #require(Self.commands(events).first)
        #expect(streamID == 0 && connect.name == "connect" && connect.transactionID == 1)
        let object = try #require(connect.commandObject.objectValue)
        #expect(object.properties.map(\.key) == ["app", "flashVer", "swfUrl", "tcUrl", "fpad", "capabilities",
                                                 "audioCodecs", "videoCodecs", "videoFunction", "pageUrl", "objectEncoding"])
        #expect(object["tcUrl"]?.stringValue == "rtmp://127.0.0.1:19350/live")
        #expect(object["app"]?.stringValue == "live")
        let args = try #require(connect.arguments.first?.objectValue)
        #expect(args.properties.map(\.key) == ["srs_sig", "srs_server", "srs_license", "srs_url", "srs_version",
                                               "srs_pid", "srs_id", "srs_server_ip"])
        #expect(args["srs_id"]?.stringValue == "abcd1234" && args["srs_pid"]?.numberValue == 42)
        #expect(flow.start().isEmpty, "start is idempotent")
    }

    @Test func connectWithoutIdentityHasNoArgs() throws {
        var flow = RTMPClientFlow(request: Self.request(.play))
        let (connect, _) = try #require(Self.commands(flow.start()).first)
        #expect(connect.arguments.isEmpty)
    }

    @Test func playFlowCreatesAStreamThenPlaysOnIt() throws {
        var flow = RTMPClientFlow(request: Self.request(.play))
        _ = flow.start()
        let created = Self.commands(flow.handle(Self.connectResult()))
        #expect(created.map(\.0.name) == ["createStream"])
        let play = flow.handle(.command(RTMPCommand(name: "_result", transactionID: created[0].0.transactionID,
                                                    arguments: [.number(3)])))
        let (command, streamID) = try #require(Self.commands(play).first)
        #expect(command.name == "play" && streamID == 3 && command.arguments.first?.stringValue == "s?token=1")
        #expect(flow.acceptsMedia, "media is accepted once play was sent")
        #expect(!flow.isStreaming)
        let started = flow.handle(Self.onStatus("status", "NetStream.Play.Reset")) + flow.handle(Self.onStatus("status", "NetStream.Play.Start"))
        guard case .started(streamID: 3) = try #require(started.first) else { Issue.record("not started"); return }
        #expect(flow.isStreaming && flow.streamID == 3)
    }

    @Test func publishFlowAnnouncesTheStreamLikeFFmpeg() throws {
        var flow = RTMPClientFlow(request: Self.request(.publish))
        _ = flow.start()
        let names = Self.commands(flow.handle(Self.connectResult())).map(\.0.name)
        #expect(names == ["releaseStream", "FCPublish", "createStream"])
        let publish = Self.commands(flow.handle(.command(RTMPCommand(name: "_result", transactionID: 4, arguments: [.number(1)]))))
        #expect(publish.first?.0.name == "publish" && publish.first?.0.arguments.last?.stringValue == "live")
        #expect(!flow.acceptsMedia, "a publisher takes no media")
        let started = flow.handle(Self.onStatus("status", "NetStream.Publish.Start"))
        guard case .started(streamID: 1) = try #require(started.first) else { Issue.record("not started"); return }
    }

    @Test func rejectedConnectFails() throws {
        var flow = RTMPClientFlow(request: Self.request(.play))
        _ = flow.start()
        let events = flow.handle(.command(RTMPCommand(name: "_error", transactionID: 1, arguments: [
            .object(["level": .string("error"), "code": .string("NetConnection.Connect.Rejected"), "description": .string("no vhost")]),
        ])))
        guard case .failed(.connectRejected(let why)) = try #require(events.first) else { Issue.record("not failed"); return }
        #expect(why.contains("no vhost"))
    }

    @Test func errorStatusDuringPlayFails() throws {
        var flow = RTMPClientFlow(request: Self.request(.play))
        _ = flow.start()
        _ = flow.handle(Self.connectResult())
        _ = flow.handle(.command(RTMPCommand(name: "_result", transactionID: 4, arguments: [.number(1)])))
        let events = flow.handle(Self.onStatus("error", "NetStream.Play.StreamNotFound"))
        guard case .failed(.startFailed(let code, _)) = try #require(events.first) else { Issue.record("not failed"); return }
        #expect(code == "NetStream.Play.StreamNotFound")
    }

    @Test func redirectAfterPlayStartIsFollowed() throws {
        var flow = RTMPClientFlow(request: Self.request(.play))
        _ = flow.start()
        _ = flow.handle(Self.connectResult())
        _ = flow.handle(.command(RTMPCommand(name: "_result", transactionID: 4, arguments: [.number(1)])))
        _ = flow.handle(Self.onStatus("status", "NetStream.Play.Start"))
        // The exact shape SRS (and this server) sends, srs-facts §5.10.
        let events = flow.handle(.command(ServerReplies.redirect(url: "rtmp://10.0.0.3:19352/live/s?vhost=v")))
        guard case .redirect(let url) = try #require(events.first) else { Issue.record("no redirect"); return }
        #expect(url == "rtmp://10.0.0.3:19352/live/s?vhost=v")
        #expect(!flow.acceptsMedia)
    }

    @Test(arguments: [
        (["redirect2": AMF0Value.string("rtmp://a:1/x/s"), "redirect": .string("rtmp://a:1/x")], "rtmp://a:1/x/s"),
        (["redirect": AMF0Value.string("rtmp://b:2/x")], "rtmp://b:2/x"),
        (["redirect2": AMF0Value.string(""), "redirect": .string("rtmp://c/x")], "rtmp://c/x"),
    ] as [(AMF0Object, String)])
    func redirectPrefersTheFullURL(ex: AMF0Object, expected: String) throws {
        guard case .command(let command, _) = Self.onStatus("error", "NetConnection.Connect.Rejected", ex: ex) else { return }
        #expect(RTMPClientFlow.redirectURL(in: command) == expected)
    }

    @Test func statusWithoutRedirectIsNotARedirect() throws {
        guard case .command(let plain, _) = Self.onStatus("error", "NetConnection.Connect.Rejected") else { return }
        #expect(RTMPClientFlow.redirectURL(in: plain) == nil)
        guard case .command(let status, _) = Self.onStatus("status", "NetStream.Play.Start", ex: ["redirect": .string("rtmp://x")]) else { return }
        #expect(RTMPClientFlow.redirectURL(in: status) == nil, "only level error redirects")
    }

    @Test func answersPingsAndRemembersTheAckWindow() throws {
        var flow = RTMPClientFlow(request: Self.request(.play))
        let ping = flow.handle(.userControl(.pingRequest(timestamp: 77)))
        guard case .send(.userControl(.pingResponse(timestamp: 77)), 2, 0) = try #require(ping.first) else {
            Issue.record("no ping response"); return
        }
        guard case .ackWindow(2_500_000) = try #require(flow.handle(.windowAckSize(2_500_000)).first) else {
            Issue.record("no ack window"); return
        }
    }

    @Test func ignoresUnrelatedResults() throws {
        var flow = RTMPClientFlow(request: Self.request(.publish))
        _ = flow.start()
        // A _result with another transaction id (releaseStream's answer) does not advance the connect phase.
        #expect(flow.handle(.command(ServerReplies.fmleResult(tid: 2))).isEmpty)
        #expect(flow.handle(.command(ServerReplies.onBWDone())).isEmpty)
        #expect(flow.streamID == nil)
    }
}
