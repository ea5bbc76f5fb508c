import Codec
import Core

/// The commands and data SRS sends to clients, field for field (srs_protocol_rtmp_stack.cpp
/// `SrsRtmpServer::response_connect_app`, `start_play`, `start_fmle_publish`, ...).
///
/// Property order matters to some clients and to byte-level comparisons, so objects are built
/// in SRS's order.
public enum ServerReplies {
    /// SRS compat: the fixed `clientid` of every onStatus (`RTMP_SIG_CLIENT_ID`).
    public static let clientID = "ASAICiss"
    /// SRS compat: the FMS version SRS claims (`RTMP_SIG_FMS_VER`).
    public static let fmsVersion = "3,5,3,888"

    /// connect `_result` (tid 1): props `{fmsVer, capabilities, mode}`, then the info object.
    /// `serverIP` is the local address of the socket; SRS leaves it out when unknown.
    public static func connectResult(objectEncoding: Double, serverIP: String?, pid: Int32, cid: String) -> RTMPCommand {
        let props: AMF0Object = [
            "fmsVer": .string("FMS/" + fmsVersion),
            "capabilities": .number(127),
            "mode": .number(1),
        ]
        var data: AMF0Object = [
            "version": .string(fmsVersion),
            "srs_sig": .string(ServerVersion.key),
            "srs_server": .string(ServerVersion.signature),
            "srs_license": .string(ServerVersion.license),
            "srs_url": .string(ServerVersion.url),
            "srs_version": .string(ServerVersion.string),
            "srs_authors": .string(ServerVersion.authors),
        ]
        if let serverIP { data["srs_server_ip"] = .string(serverIP) }
        data["srs_pid"] = .number(Double(pid))
        data["srs_id"] = .string(cid)
        let info: AMF0Object = [
            "level": .string("status"),
            "code": .string("NetConnection.Connect.Success"),
            "description": .string("Connection succeeded"),
            "objectEncoding": .number(objectEncoding),
            "data": .ecmaArray(data),
        ]
        return RTMPCommand(name: "_result", transactionID: 1, commandObject: .object(props), arguments: [.object(info)])
    }

    /// `onBWDone(0, null)`, sent right after the connect `_result`.
    public static func onBWDone() -> RTMPCommand {
        RTMPCommand(name: "onBWDone", transactionID: 0, commandObject: .null)
    }

    /// createStream `_result(tid, null, streamID)`; SRS always answers stream id 1.
    public static func createStreamResult(tid: Double, streamID: Double = 1) -> RTMPCommand {
        RTMPCommand(name: "_result", transactionID: tid, commandObject: .null, arguments: [.number(streamID)])
    }

    /// `_result(tid, null, undefined)`: the answer to releaseStream, FCPublish and FCUnpublish.
    public static func fmleResult(tid: Double) -> RTMPCommand {
        RTMPCommand(name: "_result", transactionID: tid, commandObject: .null, arguments: [.undefined])
    }

    /// `_result(tid, null, null)`: the answer to any other call (`_checkbw`, `getStreamLength`...).
    public static func genericResult(tid: Double) -> RTMPCommand {
        RTMPCommand(name: "_result", transactionID: tid, commandObject: .null, arguments: [.null])
    }

    /// `onFCPublish`: Publish.Start without a level, after `publish` from FMLE-style encoders.
    public static func onFCPublish() -> RTMPCommand {
        onStatus(name: "onFCPublish", [
            "code": .string("NetStream.Publish.Start"),
            "description": .string("Started publishing stream."),
        ])
    }

    /// `onStatus(NetStream.Publish.Start)`, once the stream is acquired.
    public static func publishStart() -> RTMPCommand {
        onStatus(["level": .string("status"), "code": .string("NetStream.Publish.Start"),
                  "description": .string("Started publishing stream."), "clientid": .string(clientID)])
    }

    /// `onFCUnpublish`, the first answer to FCUnpublish.
    public static func onFCUnpublish() -> RTMPCommand {
        onStatus(name: "onFCUnpublish", [
            "code": .string("NetStream.Unpublish.Success"),
            "description": .string("Stop publishing stream."),
        ])
    }

    /// `onStatus(NetStream.Unpublish.Success)`, after the FCUnpublish `_result`.
    public static func unpublishSuccess() -> RTMPCommand {
        onStatus(["level": .string("status"), "code": .string("NetStream.Unpublish.Success"),
                  "description": .string("Stream is now unpublished"), "clientid": .string(clientID)])
    }

    /// `onStatus(NetStream.Play.Reset)`.
    public static func playReset() -> RTMPCommand {
        onStatus(["level": .string("status"), "code": .string("NetStream.Play.Reset"),
                  "description": .string("Playing and resetting stream."), "details": .string("stream"),
                  "clientid": .string(clientID)])
    }

    /// `onStatus(NetStream.Play.Start)`.
    public static func playStart() -> RTMPCommand {
        onStatus(["level": .string("status"), "code": .string("NetStream.Play.Start"),
                  "description": .string("Started playing stream."), "details": .string("stream"),
                  "clientid": .string(clientID)])
    }

    /// Data `|RtmpSampleAccess(true, true)` (video, then audio access).
    public static func sampleAccess() -> RTMPData {
        RTMPData(name: "|RtmpSampleAccess", values: [.boolean(true), .boolean(true)])
    }

    /// Data `onStatus({code: "NetStream.Data.Start"})` (type 18, not a command).
    public static func dataStart() -> RTMPData {
        RTMPData(name: "onStatus", values: [.object(["code": .string("NetStream.Data.Start")])])
    }

    /// `onStatus(NetStream.Pause.Notify)`, sent before StreamEOF.
    public static func pauseNotify() -> RTMPCommand {
        onStatus(["level": .string("status"), "code": .string("NetStream.Pause.Notify"),
                  "description": .string("Paused stream.")])
    }

    /// `onStatus(NetStream.Unpause.Notify)`, sent before StreamBegin.
    public static func unpauseNotify() -> RTMPCommand {
        onStatus(["level": .string("status"), "code": .string("NetStream.Unpause.Notify"),
                  "description": .string("Unpaused stream.")])
    }

    /// `onStatus(NetConnection.Connect.Rejected)` with a plain description.
    public static func connectRejected(description: String) -> RTMPCommand {
        onStatus(["level": .string("error"), "code": .string("NetConnection.Connect.Rejected"),
                  "description": .string(description)])
    }

    /// The RTMP 302 redirect (srs-facts §5.10): `ex.redirect` is the tcUrl (`url` without its
    /// last path segment unless given), `ex.redirect2` the full RTMP URL.
    public static func redirect(tcUrl: String? = nil, url: String) -> RTMPCommand {
        let ex: AMF0Object = [
            "code": .number(302),
            "redirect": .string(tcUrl ?? RequestURL.dirname(url)),
            "redirect2": .string(url),
        ]
        return onStatus(["level": .string("error"), "code": .string("NetConnection.Connect.Rejected"),
                         "description": .string("RTMP 302 Redirect"), "ex": .object(ex)])
    }

    /// `name(0, null, info)`: SRS's `SrsOnStatusCallPacket`.
    private static func onStatus(name: String = "onStatus", _ info: AMF0Object) -> RTMPCommand {
        RTMPCommand(name: name, transactionID: 0, commandObject: .null, arguments: [.object(info)])
    }
}
