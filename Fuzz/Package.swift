// swift-tools-version:5.4
import PackageDescription

/// libFuzzer targets for the parsers (docs/reliability.md). Built only by `make fuzz`, with
/// `-sanitize=fuzzer,address -parse-as-library`: each target is a `LLVMFuzzerTestOneInput`, and
/// libFuzzer supplies `main`.

/// One executable per parser family; `Fuzz/Sources/<name>/main.swift` says what it feeds.
let fuzzers = ["RTMPChunk", "Handshake", "AMF", "FLV", "AVC", "AAC", "HTTPRequest", "HTTPResponse", "TcUrl", "Config", "JSON"]

let package = Package(
    name: "srs-fuzz",
    dependencies: [.package(name: "srs-swift", path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
    ] + fuzzers.map { name in
        .executableTarget(name: "Fuzz\(name)",
                          dependencies: ["FuzzSupport", .product(name: "FuzzableParsers", package: "srs-swift")],
                          path: "Sources/\(name)")
    }
)
