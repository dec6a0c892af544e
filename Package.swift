// swift-tools-version:6.1
import PackageDescription

// One target per pipeline stage. TicketDatabase is the only target that depends on GRDB or holds SQL; the
// stages above it see intent-level methods and plain values, and the compiler keeps that direction:
//
//   TicketModel ← TicketDatabase ← TicketImport ← TicketExport
//        ↑              ↑ ← TicketClassification ← TicketEvaluation
//        └──────────────┴── TicketReporting            ↑
//   TicketJobs (job files, runner, scheduler) uses every stage; ticketjobs (the CLI) sits on top.
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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibCSV",
            path: "Sources/CLibCSV",
            providers: [.apt(["libcsv-dev"])]
        ),
        // liblinear: the local classifier's solver (logistic regression, as scikit-learn's LogisticRegression).
        .systemLibrary(
            name: "CLibLinear",
            path: "Sources/CLibLinear",
            providers: [.apt(["liblinear-dev"])]
        ),
        // The version the build was given (the Makefile writes generated/version.h), as a C string.
        .target(name: "CBuildVersion", path: "Sources/CBuildVersion"),
        // SQLite's process-wide settings, made before it initialises (sqlite3_config is variadic: C only).
        .target(name: "CSQLiteSetup", path: "Sources/CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Values: tickets, labels, classification requests and answers, clocks, hashes, config files.
        .target(
            name: "TicketModel",
            dependencies: ["CBuildVersion", .product(name: "Yams", package: "Yams")]
        ),
        // The store: schema, literal migrations, rollups, bulk loads, bookkeeping, report queries.
        .target(
            name: "TicketDatabase",
            dependencies: [
                "TicketModel",
                "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Bytes in, normalized rows and rejections out; stored through the store's bulk load.
        .target(
            name: "TicketImport",
            dependencies: ["TicketModel", "TicketDatabase", "CLibCSV", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "TicketExport",
            dependencies: ["TicketModel", "TicketDatabase", "TicketImport", .product(name: "Logging", package: "swift-log")]
        ),
        // Requests in, outcomes out: Claude (Messages and Batches), the local model, rate limiting.
        .target(
            name: "TicketClassification",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "CLibLinear",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Report facts in, JSON and HTML out.
        .target(
            name: "TicketReporting",
            dependencies: [
                "TicketModel", "TicketDatabase", .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "TicketEvaluation",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketClassification", "TicketReporting", "TicketImport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Job files, the runner and the scheduler, over every stage.
        .target(
            name: "TicketJobs",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketExport", "TicketClassification",
                "TicketReporting", "TicketEvaluation", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TicketJobsTestSupport",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketClassification", "TicketJobs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ticketjobs",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketExport", "TicketClassification",
                "TicketReporting", "TicketEvaluation", "TicketJobs",
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
            name: "TicketModelTests",
            dependencies: ["TicketModel", "TicketJobsTestSupport"]
        ),
        .testTarget(
            name: "TicketDatabaseTests",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketReporting", "TicketJobsTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Databases made by earlier releases, read through #filePath.
            exclude: ["Releases"]
        ),
        .testTarget(
            name: "TicketImportTests",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketJobsTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "TicketExportTests",
            dependencies: ["TicketModel", "TicketDatabase", "TicketImport", "TicketExport", "TicketJobsTestSupport"]
        ),
        .testTarget(
            name: "TicketClassificationTests",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketClassification", "TicketJobsTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "TicketReportingTests",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketImport", "TicketReporting", "TicketJobsTestSupport",
            ],
            // Golden files are read through #filePath, not bundled.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "TicketEvaluationTests",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketClassification", "TicketReporting", "TicketEvaluation",
                "TicketJobsTestSupport",
            ]
        ),
        .testTarget(
            name: "TicketJobsTests",
            dependencies: ["TicketModel", "TicketDatabase", "TicketJobs", "TicketJobsTestSupport"]
        ),
        .testTarget(
            name: "TicketJobsCLITests",
            dependencies: [
                "TicketModel", "TicketDatabase", "TicketJobs", "TicketJobsTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
