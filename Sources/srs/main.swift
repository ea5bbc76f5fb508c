import Config
import Core
#if canImport(Glibc)
import Glibc
#endif

/// Prints to stdout without Foundation.
func printOut(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(1, $0, strlen($0)) }
}

func run() -> Int32 {
    let options: CommandLineOptions
    do {
        options = try CommandLineOptions.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        printOut("\(error)")
        printOut(CommandLineOptions.usage)
        return 1
    }
    switch options.action {
    case .help:
        printOut(CommandLineOptions.usage)
        return 0
    case .version:
        printOut(ServerVersion.string)
        return 0
    case .signature:
        printOut(ServerVersion.signature)
        return 0
    case .run, .testConfig:
        break
    }
    let resolution = ConfigSource.resolve(configFile: options.configFile, environmentOnly: options.envOnly,
                                          environment: Environment.snapshot())
    guard case .source(let source, let notes) = resolution else {
        printOut("no config file, use -c FILE or -e (config from SRS_* environment variables)")
        return Int32(SRSErrorCode.configInvalid & 0xFF)
    }
    return options.action == .testConfig
        ? Startup.testConfig(source: source, notes: notes)
        : Startup.serve(source: source, notes: notes)
}

exit(run())
