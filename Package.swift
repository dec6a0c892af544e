// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ticketjobs",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ticketjobs", targets: ["ticketjobs"]),
        .library(name: "TicketJobs", targets: ["TicketJobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibCSV",
            path: "Sources/CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        .target(
            name: "TicketJobs",
            dependencies: [
                "CLibCSV",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
        ),
        .target(
            name: "TicketJobsTestSupport",
            dependencies: [
                "TicketJobs",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "ticketjobs",
            dependencies: [
                "TicketJobs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "fake-anthropic",
            dependencies: ["TicketJobsTestSupport"],
            path: "Benchmarks/FakeAnthropic"
        ),
        .testTarget(
            name: "TicketJobsTests",
            dependencies: ["TicketJobs", "TicketJobsTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            // Golden files are read through #filePath, not bundled.
            exclude: ["Reporting/Golden"]
        ),
        .testTarget(
            name: "TicketJobsCLITests",
            dependencies: ["TicketJobs", "TicketJobsTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
