import Core

/// The outcome of the last reload, as `rpc=reload-fetch` reports it (SRS 5.0.176+): the error
/// code and summary, the state reached (SRS `SrsReloadState`) and the id of that reload.
public struct ReloadRecord: Sendable, Equatable {
    /// SRS's reload states.
    public enum State: Int, Sendable {
        case initial = 0
        case parsing = 10
        case transforming = 20
        case applying = 30
        case finished = 90
    }

    /// SRS `ERROR_SYSTEM_CONFIG_INVALID`: the new config did not load.
    public static let configInvalidCode = 1023

    public var err: Int
    public var msg: String
    public var state: State
    /// Seven random characters per reload (SRS `srs_random_str(7)`); empty before the first.
    public var rid: String

    public init(err: Int = 0, msg: String = "Success", state: State = .initial, rid: String = "") {
        self.err = err
        self.msg = msg
        self.state = state
        self.rid = rid
    }

    /// A reload that applied (or, with `err`, one that stopped in `state`), with a fresh id.
    public static func finished(err: Int = 0, msg: String = "Success", state: State = .finished) -> ReloadRecord {
        ReloadRecord(err: err, msg: msg, state: state, rid: ContextID.randomToken(length: 7))
    }
}
