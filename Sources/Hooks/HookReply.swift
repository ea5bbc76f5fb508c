import API
import Core

/// SRS's success rule for a hook answer (srs-facts §5.9, `SrsHttpHooks::do_post`): status 200 or
/// 201, a non-empty body that is JSON, and either exactly `0` or an object whose integer `code`
/// is 0. Anything else refuses.
public enum HookReply {
    public static func check(status: Int, body: [UInt8]) -> HookError? {
        guard status == 200 || status == 201 else { return .status(status) }
        guard !body.isEmpty else { return .emptyBody }
        let text = String(decoding: body, as: UTF8.self)
        guard let json = try? JSONParser.parse(body) else { return .notJSON(excerpt(text)) }
        guard json.objectValue != nil else {
            return text == "0" ? nil : .code(excerpt(text))
        }
        guard let code = json["code"]?.intValue else { return .code("no integer code in \(excerpt(text))") }
        return code == 0 ? nil : .code("code \(code)")
    }

    static func excerpt(_ text: String) -> String {
        text.count > 128 ? String(text.prefix(128)) + "…" : text
    }
}

/// Why a hook refused (or could not be asked).
public enum HookError: Error, Equatable, CustomStringConvertible, SRSCoded {
    case status(Int)
    case emptyBody
    case notJSON(String)
    case code(String)
    case invalidURL(String)
    case failed(String)

    public var description: String {
        switch self {
        case .status(let code): return "hook answered HTTP \(code)"
        case .emptyBody: return "hook answered an empty body"
        case .notJSON(let text): return "hook answer is not JSON: \(text)"
        case .code(let text): return "hook refused: \(text)"
        case .invalidURL(let url): return "hook URL is invalid: \(url)"
        case .failed(let why): return "hook call failed: \(why)"
        }
    }

    public var srsCode: Int {
        switch self {
        case .status: return SRSErrorCode.httpStatusInvalid
        case .emptyBody, .notJSON: return SRSErrorCode.httpDataInvalid
        case .code, .invalidURL, .failed: return SRSErrorCode.responseCode
        }
    }
}
