import Foundation
import SaferCyberCore
import TestSupport
import XCTest

/// The key commands as an administrator would run them.
final class SafeguardingCommandTests: XCTestCase {
    func testNewKeyRotateAndRetentionCommands() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (made, output) = try CLI.run(["safeguarding", "new-key", "--id", "2027a"], dataDir: folder)
        XCTAssertEqual(made, 0, output)
        let key = String(output.split(separator: "\n").first ?? "")
        XCTAssertTrue(key.hasPrefix("2027a:"))
        XCTAssertNoThrow(try FieldCipher(keys: key), "the printed key is usable as SAFEGUARDING_KEYS")

        let (refused, refusedOutput) = try CLI.run(["safeguarding", "rotate"], dataDir: folder)
        XCTAssertEqual(refused, 1)
        XCTAssertTrue(refusedOutput.contains("Set SAFEGUARDING_KEYS first"), refusedOutput)
        let (bad, badOutput) = try CLI.run(
            ["safeguarding", "rotate"], dataDir: folder, environment: ["SAFEGUARDING_KEYS": "2027a:short"])
        XCTAssertEqual(bad, 1)
        XCTAssertTrue(badOutput.contains("must be 32 random bytes in base64"), badOutput)
        let (rotated, rotatedOutput) = try CLI.run(
            ["safeguarding", "rotate"], dataDir: folder, environment: ["SAFEGUARDING_KEYS": key])
        XCTAssertEqual(rotated, 0, rotatedOutput)
        XCTAssertTrue(rotatedOutput.contains("Re-encrypted 0 personal fields with key “2027a”"), rotatedOutput)
        let (kept, keptOutput) = try CLI.run(
            ["safeguarding", "retention"], dataDir: folder, environment: ["SAFEGUARDING_RETENTION_MONTHS": "24"])
        XCTAssertEqual(kept, 0, keptOutput)
        XCTAssertTrue(keptOutput.contains("closed more than 24 months ago"), keptOutput)
    }
}
