import Foundation
import XCTest

/// Runs the built `safercyber` binary as a person would from the repository folder.
public enum CLI {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Returns the exit code and everything printed.
    public static func run(_ arguments: [String], dataDir: String, environment: [String: String] = [:]) throws -> (
        Int32, String
    ) {
        let binary = root.appendingPathComponent(".build/debug/safercyber").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("build the executable first (scripts/test does: swift build --build-tests)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ["DATA_DIR": dataDir, "LOG_LEVEL": "error", "PATH": "/usr/bin:/bin"].merging(environment)
        { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
