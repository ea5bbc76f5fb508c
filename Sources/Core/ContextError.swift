/// An error carrying the context it travelled through, SRS-style (`srs_error_wrap`), without macros.
///
/// `description` reads outermost first: `rtmp: publish: chunk: size 0 out of range`.
public struct ContextError: Error, CustomStringConvertible {
    public let context: String
    public let underlying: any Error

    public init(_ context: String, _ underlying: any Error) {
        self.context = context
        self.underlying = underlying
    }

    public var description: String { "\(context): \(underlying)" }

    /// The innermost error that is not a `ContextError`.
    public var root: any Error {
        var error: any Error = underlying
        while let wrapped = error as? ContextError { error = wrapped.underlying }
        return error
    }
}

extension Error {
    /// Wraps `self` with a context string.
    public func wrapped(_ context: String) -> ContextError { ContextError(context, self) }

    /// The SRS numeric error code of the innermost coded error, or `fallback`.
    public func srsCode(fallback: Int = 1) -> Int {
        var error: any Error = self
        while true {
            if let coded = error as? SRSCoded { return coded.srsCode }
            guard let wrapped = error as? ContextError else { return fallback }
            error = wrapped.underlying
        }
    }
}

/// An error that maps to one of SRS's numeric error codes (used in logs, API and exit status).
public protocol SRSCoded {
    var srsCode: Int { get }
}

/// SRS error codes seen by users (logs, API `code`, exit status).
public enum SRSErrorCode {
    public static let success = 0
    public static let socketRead = 1007
    public static let socketWrite = 1009
    public static let socketTimeout = 1011
    public static let socketConnect = 1013
    public static let edgePlayState = 2020
    public static let edgeUpstream = 2021
    public static let httpStatusInvalid = 4005
    public static let httpDataInvalid = 3008
    public static let responseCode = 3064
    public static let edgePortInvalid = 3067
    public static let originClusterRedirect = 3092
    public static let configInvalid = 1023
    public static let streamBusy = 1028
    public static let pidExists = 1035
    public static let exceedConnections = 1074
    public static let exporterDisabled = 1090
    public static let plainRequired = 2000
    public static let trySimpleHandshake = 2011
    public static let vhostNotFound = 2014
    public static let accessDenied = 2015
    public static let durationExceed = 2019
    public static let streamNotFound = 2048
    public static let clientNotFound = 2049
    public static let streamNameEmpty = 2051
    public static let redirect = 2997
    public static let rtmpClose = 2998
    public static let republish = 2999
    public static let httpStreamEOF = 4040
}
