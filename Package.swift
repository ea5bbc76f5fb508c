// swift-tools-version:6.0
import PackageDescription

/// One `srs` executable composed from layered modules (see docs/architecture.md):
/// CShim <- IO <- services; Core <- Codec/Config/RTMP wire (pure) <- Live <- services <- srs.
/// Release builds skip dynamic exclusivity checks: the data path is single-threaded, and the
/// checks cost ~4 % of the server's CPU in the fan-out loop (measured with perf).
let fast: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "srs-swift",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "srs", targets: ["srs"]),
        // The modules whose parsers read bytes from outside, for the fuzz targets in Fuzz/ (a
        // manifest of its own, built only by `make fuzz`: no cost to `swift build` or `swift test`).
        .library(name: "FuzzableParsers", targets: ["Core", "Codec", "Config", "RTMP", "HTTP", "API", "Cluster", "Hooks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        // C glue for what Glibc's Swift module lacks (epoll, signalfd, timerfd, eventfd, accept4).
        .target(name: "CShim", path: "Sources/CShim"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // Pure layers: no sockets, no shim.
        .target(name: "Core", dependencies: [], swiftSettings: fast),
        .target(name: "Codec", dependencies: ["Core"], swiftSettings: fast),
        .target(name: "Config", dependencies: ["Core"]),
        .target(name: "RTMP", dependencies: ["Core", "Codec", "COpenSSL"], swiftSettings: fast),
        .target(name: "HTTP", dependencies: ["Core", "CZlib"]),
        .target(name: "API", dependencies: ["Core"]),
        .target(name: "Live", dependencies: ["Core", "Codec", .product(name: "DequeModule", package: "swift-collections")], swiftSettings: fast),

        // The IO layer: the only importer of CShim.
        .target(name: "IO", dependencies: ["Core", "CShim", "COpenSSL", .product(name: "DequeModule", package: "swift-collections")], swiftSettings: fast),

        // Protocol services on the loop.
        .target(name: "RTMPService", dependencies: ["Core", "IO", "Codec", "RTMP", "Live"], swiftSettings: fast),
        .target(name: "HTTPRemux", dependencies: ["Core", "IO", "Codec", "HTTP", "Live"], swiftSettings: fast),
        .target(name: "HLS", dependencies: ["Core", "Codec", "Live", "COpenSSL"], swiftSettings: fast),
        .target(name: "DVR", dependencies: ["Core", "Codec", "Live"], swiftSettings: fast),
        .target(name: "APIService", dependencies: ["Core", "IO", "Codec", "HTTP", "API", "Live", "HTTPRemux"]),

        // Outgoing sessions on the loop (RTMP play/publish, HTTP requests), and the cluster roles
        // built on them: edge pull/push, coworker lookup and redirects.
        .target(name: "Clients", dependencies: ["Core", "IO", "Codec", "RTMP", "HTTP"], path: "Sources/Cluster/Clients",
                swiftSettings: fast),
        .target(name: "Cluster", dependencies: ["Core", "IO", "Codec", "RTMP", "HTTP", "API", "Live", "Clients"],
                path: "Sources/Cluster", exclude: ["Clients"], swiftSettings: fast),
        // HTTP callbacks (http_hooks) on the loop.
        .target(name: "Hooks", dependencies: ["Core", "IO", "HTTP", "API", "Live", "Clients"]),

        // Composition root.
        .executableTarget(name: "srs", dependencies: ["Core", "IO", "Codec", "Config", "RTMP", "Live", "RTMPService",
                                                        "HTTP", "API", "HTTPRemux", "APIService", "HLS", "Clients", "Cluster", "Hooks", "DVR"]),

        .target(name: "TestSupport", dependencies: ["Core", "Codec"], path: "Tests/TestSupport"),
        .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"]),
        .testTarget(name: "CodecTests", dependencies: ["Codec", "TestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "TestSupport"]),
        .testTarget(name: "RTMPTests", dependencies: ["RTMP", "Codec", "TestSupport"]),
        .testTarget(name: "LiveTests", dependencies: ["Live", "Codec", "TestSupport"]),
        .testTarget(name: "IOTests", dependencies: ["IO", "Core", "COpenSSL"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Core", "CZlib", "TestSupport"]),
        .testTarget(name: "APITests", dependencies: ["API", "Core"]),
        .testTarget(name: "APIServiceTests", dependencies: ["APIService", "Core", "IO"]),
        .testTarget(name: "HLSTests", dependencies: ["HLS", "Codec", "Live", "Core", "TestSupport", "COpenSSL"]),
        .testTarget(name: "DVRTests", dependencies: ["DVR", "Codec", "Live", "Core", "TestSupport"]),
        .testTarget(name: "HTTPRemuxTests", dependencies: ["HTTPRemux", "Live", "HTTP", "Core", "Codec", "IO"]),
        .testTarget(name: "HooksTests", dependencies: ["Hooks", "API", "Live", "Core"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "Clients", "RTMP", "Live", "Codec", "API", "Core", "IO", "HTTP"]),
        .testTarget(name: "RTMPServiceTests", dependencies: ["RTMPService", "RTMP", "Live", "IO", "Codec", "Core"]),
    ]
)
