import Foundation
import SaferCyberCore
import XCTest

/// The hand-written CSV reader against an independent one, Python's `csv` module, on generated files with
/// quotes, commas and line breaks inside fields, CRLF and LF and bare CR, a byte-order mark, empty fields and
/// non-ASCII text (issue 18, step 5).
final class CSVReaderIndependentTests: XCTestCase {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let pieces = ["a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "\r", "é", "£", "–", "🙂", "x y", ""]

    /// A file of random records (2 to 5 fields each), quoting fields that need it and some that do not.
    static func file(seed: UInt64) -> String {
        var random = SplitMix(state: seed)
        var text = random.below(2) == 0 ? "\u{FEFF}" : ""
        let records = 1 + random.below(20)
        let ending = random.below(2) == 0 ? "\n" : "\r\n"
        for index in 0..<records {
            let fields = (0..<(2 + random.below(4))).map { _ in
                (0..<random.below(5)).map { _ in pieces[random.below(pieces.count)] }.joined()
            }
            let written = fields.map { field -> String in
                let needsQuotes = field.contains { ",\"\r\n".contains($0) }
                return needsQuotes || random.below(4) == 0
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }
            text += written.joined(separator: ",")
            if index < records - 1 || random.below(2) == 0 { text += ending }
        }
        return text
    }

    func swiftRecords(_ text: String) throws -> [[String]] {
        var reader = CSVReader(source: MemoryByteSource(text), chunkSize: 7)
        defer { reader.close() }
        var all: [[String]] = []
        while try reader.next() { all.append(reader.strings()) }
        return all
    }

    /// Python's csv module reading the same bytes (blank lines, which both skip, left out).
    func pythonRecords(_ files: [String]) throws -> [[[String]]] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, text) in files.enumerated() {
            let path = folder.appendingPathComponent("\(index).csv").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let script = """
            import csv, json, sys
            out = []
            for path in sys.argv[1:]:
                with open(path, newline="", encoding="utf-8-sig") as f:
                    out.append([row for row in csv.reader(f) if row])
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw XCTSkip("python3 is not available") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("python3 could not run the reference reader") }
        return try JSONDecoder().decode([[[String]]].self, from: data)
    }

    func testAgreesWithPythonsCSVModuleOnGeneratedFiles() throws {
        let files = (1...300).map { Self.file(seed: UInt64($0)) }
        let reference = try pythonRecords(files)
        XCTAssertEqual(reference.count, files.count)
        var compared = 0
        for (index, text) in files.enumerated() {
            let ours = try swiftRecords(text)
            XCTAssertEqual(ours, reference[index], "file \(index + 1): \(text.debugDescription)")
            compared += ours.count
        }
        XCTAssertGreaterThan(compared, 1000, "enough records to mean something")
    }
}
