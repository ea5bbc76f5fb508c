/// The `srs` command line, parsed the way SRS 5 does (srs-facts §3.1).
///
/// Hand-written rather than swift-argument-parser: SRS accepts combined flags after one dash
/// (`-tc FILE`), `-cFILE`, `--` prefixes and prints help for no arguments; users' scripts and
/// init files rely on exactly that.
struct CommandLineOptions: Equatable {
    enum Action: Equatable {
        case run
        case testConfig
        case help
        case version
        case signature
    }

    var action: Action = .run
    var configFile: String?
    var envOnly = false

    enum ParseError: Error, Equatable, CustomStringConvertible {
        case invalidOption(String)
        case missingConfigFile

        var description: String {
            switch self {
            case .invalidOption(let option): return "invalid option: \(option)"
            case .missingConfigFile: return "option -c requires a config file"
            }
        }
    }

    static func parse(_ arguments: [String]) throws -> CommandLineOptions {
        var options = CommandLineOptions()
        // SRS compat: v5 prints help when run without arguments.
        if arguments.isEmpty {
            options.action = .help
            return options
        }
        var index = 0
        var sawTest = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                options.action = .help
                return options
            }
            var flags = Substring(argument.dropFirst())
            if flags.hasPrefix("-") { flags = flags.dropFirst() }
            if flags == "help" { options.action = .help; return options }
            if flags == "version" { options.action = .version; return options }
            while let flag = flags.first {
                flags = flags.dropFirst()
                switch flag {
                case "h", "?":
                    options.action = .help
                    return options
                case "v", "V":
                    options.action = .version
                    return options
                case "g", "G":
                    options.action = .signature
                    return options
                case "t":
                    sawTest = true
                case "e":
                    options.envOnly = true
                case "c":
                    if !flags.isEmpty {
                        options.configFile = String(flags)
                        flags = ""
                    } else if index < arguments.count {
                        options.configFile = arguments[index]
                        index += 1
                    } else {
                        throw ParseError.missingConfigFile
                    }
                default:
                    throw ParseError.invalidOption("-\(flag)")
                }
            }
        }
        if sawTest { options.action = .testConfig }
        return options
    }

    static let usage = """
    Usage: srs [-h?vVgGe] [-t] [-c filename]

    Options:
       -?, -h, --help      : Show this help and exit 0.
       -v, -V, --version   : Show version and exit 0.
       -g, -G              : Show server signature and exit 0.
       -e                  : Use environment variables only (SRS_LISTEN, SRS_HTTP_API_ENABLED...), ignore config file.
       -t                  : Test configuration file, exit with error code (0 for success).
       -c filename         : Use configuration file for SRS.
    For srs-swift, see https://github.com/ossrs/srs for the configuration reference.
    Example:
       srs -v
       srs -t -c conf/srs.conf
       srs -c conf/srs.conf
       SRS_LISTEN=1935 SRS_HTTP_API_ENABLED=on srs -e
    """
}
