// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "safercyber",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "safercyber", targets: ["safercyber"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        // Pinned to 1.13.x: the SQLite crime and game-event writers reach SQLiteNIO's private connection handle by
        // reflection and call its C module (VaporCSQLite, a target of sqlite-nio, not a product) directly; a test
        // checks that path is the one in use. Move the pin only with that test green.
        .package(url: "https://github.com/vapor/sqlite-nio.git", .upToNextMinor(from: "1.13.2")),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Minimum versions that carry this year's security fixes (issue 2).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        // Tests only: every page's markup kept as a snapshot (issue 18).
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.0"),
    ],
    targets: [
        .target(
            name: "SaferCyberCore",
            dependencies: [
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                // Crime imports write through SQLite's C API for speed (CrimePicture/SQLiteCrimeWriter.swift).
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            // The game scenarios and courses that ship with the product are data files (docs/scenarios.md, docs/courses.md).
            resources: [.copy("Games/Scenarios"), .copy("PublicHub/Courses"), .copy("Assessments/Checks")]
        ),
        .target(
            name: "SaferCyberViews",
            dependencies: [.product(name: "Plot", package: "Plot")]
        ),
        .target(
            name: "App",
            dependencies: [
                "SaferCyberCore",
                "SaferCyberViews",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "safercyber", dependencies: ["App"]),
        // Developer tools, not part of the product: synthetic extracts, benchmarks, the game load test.
        .executableTarget(
            name: "safercyber-dev",
            dependencies: [
                "App", "SaferCyberCore", .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .target(
            name: "TestSupport",
            dependencies: [
                "SaferCyberCore",
                "App",
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "XCTVapor", package: "vapor"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SaferCyberCoreTests",
            dependencies: [
                "SaferCyberCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "FluentKit", package: "fluent-kit"), .product(name: "SQLKit", package: "sql-kit"),
            ]),
        .testTarget(
            name: "SaferCyberViewsTests",
            dependencies: [
                "SaferCyberViews", .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "Plot", package: "Plot"),
            ],
            exclude: ["__Snapshots__"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "TestSupport", "SaferCyberCore", "SaferCyberViews", .product(name: "XCTVapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"), .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
    ]
)
