import Foundation
import SaferCyberCore
import XCTest

/// Issue 19: the disclosure checker the tests trust is not SaferCyber's own interval reasoning but an integer
/// programme solved by scipy's HiGHS (`scripts/disclosure_lp.py`): for each hidden cell, the smallest and largest
/// whole number it can be while every published sum holds.
public enum IndependentDisclosureCheck {
    public struct Case: Encodable {
        struct Sum: Encodable {
            var total: String
            var parts: [String]
        }
        public var name: String
        public var threshold: Int
        public var cells: [String: String]
        var sums: [Sum]

        public init(name: String, published: [String: String], sums: [PublishedFigures.Sum], threshold: Int = 5) {
            self.name = name
            self.threshold = threshold
            cells = published
            self.sums = sums.map { Sum(total: $0.total, parts: $0.parts) }
        }
    }

    public struct Finding: Decodable, Equatable, CustomStringConvertible {
        public var name: String
        public var cell: String
        public var low: Double
        public var high: Double
        public var description: String { "\(name): \(cell) is between \(low) and \(high)" }
    }

    public enum Failure: Error, CustomStringConvertible {
        case solver(String)
        public var description: String {
            switch self {
            case .solver(let text):
                "scripts/disclosure_lp.py failed (scripts/require-tools installs scipy): \(text)"
            }
        }
    }

    /// Runs every case through the solver in one process. Throws (so the test fails, never skips) when python3 or
    /// scipy is missing.
    public static func findings(_ cases: [Case]) throws -> [Finding] {
        let encoded = try JSONEncoder().encode(cases)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("disclosure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("cases.json")
        try encoded.write(to: inputFile)
        if let keep = ProcessInfo.processInfo.environment["DISCLOSURE_CASES_OUT"] {
            try? encoded.write(to: URL(fileURLWithPath: keep))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CLI.root.appendingPathComponent("scripts/disclosure_lp.py").path]
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let output = Pipe()
        let errors = folder.appendingPathComponent("errors.txt")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.solver(
                (try? String(contentsOf: errors, encoding: .utf8)) ?? "exit \(process.terminationStatus)")
        }
        return try JSONDecoder().decode([Finding].self, from: data)
    }
}
