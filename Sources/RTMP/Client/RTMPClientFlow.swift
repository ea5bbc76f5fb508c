import Codec
import Core

/// The client side of SRS's command flow as a pure state machine (srs-facts §5.2–5.6, SRS
/// `SrsRtmpClient::connect_app`, `play`, `fmle_publish`): it takes decoded messages and returns
/// events; a thin driver owns the socket, the handshake and the chunk codec.
///
/// play: connect → createStream → play(stream) → media. publish: connect → releaseStream,
/// FCPublish, createStream → publish(stream, "live") → `NetStream.Publish.Start`.
/// An `onStatus` with level `error` and `ex.redirect2`/`ex.redirect` is an RTMP 302 at any point.
public struct RTMPClientFlow {
    enum State: Equatable {
        case idle
        case connecting
        case creatingStream
        case starting(streamID: UInt32)
        case streaming(streamID: UInt32)
        case ended
    }

    public let request: RTMPClientRequest
    private(set) var state = State.idle
    static let connectTID: Double = 1
    static let createStreamTID: Double = 4

    public init(request: RTMPClientRequest) {
        self.request = request
    }

    public var isStreaming: Bool { if case .streaming = state { return true } else { return false } }
    /// The connect object's extra properties (a probe repeats the client's own connect).
    public var connectExtras: AMF0Object = [:]
    /// The stream id media is published on / played from, once started.
    public var streamID: UInt32? {
        switch state {
        case .starting(let id), .streaming(let id): return id
        case .idle, .connecting, .creatingStream, .ended: return nil
        }
    }

    /// A probe that got its connect `_result`.
    public var isProbeDone: Bool { request.role == .probe && state == .ended }

    /// The first messages after the handshake: SetChunkSize, then `connect`.
    public mutating func start() -> [RTMPClientEvent] {
        guard state == .idle else { return [] }
        state = .connecting
        return [
            .send(.setChunkSize(request.chunkSize), csid: 2, streamID: 0),
            .outChunkSizeChanged(request.chunkSize),
            .send(.command(connectCommand()), csid: 3, streamID: 0),
        ]
    }

    /// SRS's client connect object, field for field.
    func connectCommand() -> RTMPCommand {
        let object: AMF0Object = [
            "app": .string(request.app),
            "flashVer": .string("WIN 15,0,0,239"),
            "swfUrl": .string(request.swfUrl),
            "tcUrl": .string(request.tcUrl),
            "fpad": .boolean(false),
            "capabilities": .number(239),
            "audioCodecs": .number(3575),
            "videoCodecs": .number(252),
            "videoFunction": .number(1),
            "pageUrl": .string(request.pageUrl),
            "objectEncoding": .number(0),
        ]
        var full = object
        for property in connectExtras.properties where full[property.key] == nil { full[property.key] = property.value }
        return RTMPCommand(name: "connect", transactionID: Self.connectTID, commandObject: .object(full),
                           arguments: request.identity.map { [.object($0)] } ?? [])
    }

    /// Handles one message from the server.
    public mutating func handle(_ message: RTMPMessage) -> [RTMPClientEvent] {
        switch message {
        case .command(let command, _):
            return handle(command)
        case .audio, .video, .data, .aggregate:
            // Media and metadata are fed by the driver straight from the raw message (it has
            // the timestamp and the untouched payload); see `acceptsMedia`.
            return []
        case .windowAckSize(let size):
            return [.ackWindow(size)]
        case .userControl(let event):
            if case .pingRequest(let timestamp) = event {
                return [.send(.userControl(.pingResponse(timestamp: timestamp)), csid: 2, streamID: 0)]
            }
            return []
        case .setChunkSize, .abort, .acknowledgement, .setPeerBandwidth, .timecode, .unknown:
            return []
        }
    }

    /// Whether media from the server is wanted now (a play that was answered).
    public var acceptsMedia: Bool { request.role == .play && streamID != nil }

    private mutating func handle(_ command: RTMPCommand) -> [RTMPClientEvent] {
        if let url = Self.redirectURL(in: command) {
            state = .ended
            return [.redirect(url)]
        }
        switch (state, command.name) {
        case (.connecting, "_result") where command.transactionID == Self.connectTID:
            let code = Self.infoCode(of: command)
            guard code == nil || code == "NetConnection.Connect.Success" else {
                state = .ended
                return [.failed(.connectRejected(code ?? "?"))]
            }
            if request.role == .probe {
                state = .ended
                return [.started(streamID: 0)]
            }
            state = .creatingStream
            var out: [RTMPClientEvent] = []
            let stream = RTMPData.amf0String(request.stream)
            if request.role == .publish {
                out.append(.send(.command(RTMPCommand(name: "releaseStream", transactionID: 2, arguments: [stream])), csid: 3, streamID: 0))
                out.append(.send(.command(RTMPCommand(name: "FCPublish", transactionID: 3, arguments: [stream])), csid: 3, streamID: 0))
            }
            out.append(.send(.command(RTMPCommand(name: "createStream", transactionID: Self.createStreamTID)), csid: 3, streamID: 0))
            return out
        case (.connecting, "_error"), (.connecting, "onStatus"):
            state = .ended
            return [.failed(.connectRejected(Self.describe(command)))]
        case (.creatingStream, "_result") where command.transactionID == Self.createStreamTID:
            guard let number = command.arguments.first?.numberValue, number >= 0, number < 0x7FFF_FFFF else {
                state = .ended
                return [.failed(.createStreamFailed("no stream id"))]
            }
            let id = UInt32(number)
            state = .starting(streamID: id)
            let stream = RTMPData.amf0String(request.stream)
            switch request.role {
            case .play, .probe:
                return [
                    .send(.command(RTMPCommand(name: "play", transactionID: 0, arguments: [stream])), csid: 8, streamID: id),
                    .send(.userControl(.setBufferLength(streamID: id, milliseconds: 1000)), csid: 2, streamID: 0),
                ]
            case .publish:
                return [.send(.command(RTMPCommand(name: "publish", transactionID: 5, arguments: [stream, .string("live")])),
                              csid: 8, streamID: id)]
            }
        case (.creatingStream, "_error"):
            state = .ended
            return [.failed(.createStreamFailed(Self.describe(command)))]
        case (.starting(let id), "onStatus"), (.streaming(let id), "onStatus"):
            return onStatus(command, streamID: id)
        default:
            // _result of releaseStream/FCPublish, onBWDone, onFCPublish, _checkbw...: nothing to do.
            return []
        }
    }

    private mutating func onStatus(_ command: RTMPCommand, streamID: UInt32) -> [RTMPClientEvent] {
        let info = command.arguments.first?.objectValue
        let code = info?["code"]?.stringValue ?? ""
        let level = info?["level"]?.stringValue ?? ""
        if level == "error" {
            state = .ended
            return [.failed(.startFailed(code: code, description: info?["description"]?.stringValue ?? ""))]
        }
        switch (request.role, code) {
        case (.play, "NetStream.Play.Start"), (.publish, "NetStream.Publish.Start"):
            guard case .starting = state else { return [] }
            state = .streaming(streamID: streamID)
            return [.started(streamID: streamID)]
        case (.play, "NetStream.Play.UnpublishNotify"), (.play, "NetStream.Play.Stop"):
            return [.streamEnded(code)]
        default:
            return []
        }
    }

    /// `ex.redirect2` (the full URL), else `ex.redirect`, of an RTMP 302 (`onStatus` or `_error`
    /// with level error): srs-facts §5.10, §10.
    public static func redirectURL(in command: RTMPCommand) -> String? {
        guard command.name == "onStatus" || command.name == "_error" else { return nil }
        for value in command.arguments {
            guard let info = value.objectValue, info["level"]?.stringValue == "error",
                  let ex = info["ex"]?.objectValue else { continue }
            if let full = ex["redirect2"]?.stringValue, !full.isEmpty { return full }
            if let url = ex["redirect"]?.stringValue, !url.isEmpty { return url }
        }
        return nil
    }

    static func infoCode(of command: RTMPCommand) -> String? {
        command.arguments.first?.objectValue?["code"]?.stringValue
    }

    static func describe(_ command: RTMPCommand) -> String {
        let info = command.arguments.first?.objectValue
        let code = info?["code"]?.stringValue ?? command.name
        let text = info?["description"]?.stringValue ?? ""
        return text.isEmpty ? code : "\(code): \(text)"
    }
}

extension RTMPData {
    /// A stream name argument.
    static func amf0String(_ text: String) -> AMF0Value { .string(text) }
}
