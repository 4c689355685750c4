import Foundation
import TestSupport
import XCTest

/// Partners check a course file they wrote, and add it to a deployment through COURSES_DIR.
final class CourseCommandTests: XCTestCase {
    func testCheckCourseReportsEveryProblemAndCoursesListsTheFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-courses-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shipped = "Sources/SaferCyberCore/PublicHub/Courses/2-spotting-scams.json"
        let (ok, okOutput) = try CLI.run(["check-course", shipped], dataDir: folder)
        XCTAssertEqual(ok, 0, okOutput)
        XCTAssertTrue(
            okOutput.contains(
                "OK — course “Spotting scams” (id spotting-scams), 5 pages, 5 quiz questions (pass mark 4), 15 minutes, counts as a Friend."
            ), okOutput)

        // A partner's own course with two mistakes: a wrong answer number and a misspelt field.
        var text = try String(contentsOf: CLI.root.appendingPathComponent(shipped), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"id\": \"spotting-scams\"", with: "\"id\": \"our-scams\"")
            .replacingOccurrences(of: "\"keyMessages\"", with: "\"keyMessage\"")
        let bad = folder + "/our-scams.json"
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let (refused, refusedOutput) = try CLI.run(["check-course", bad], dataDir: folder)
        XCTAssertEqual(refused, 1)
        XCTAssertTrue(
            refusedOutput.contains("keyMessage: is not a field here — did you mean “keyMessages”?"), refusedOutput)
        XCTAssertTrue(refusedOutput.contains("is missing “keyMessages”"), refusedOutput)
        XCTAssertTrue(
            refusedOutput.contains("has 2 problems; residents cannot take it until they are fixed."), refusedOutput)

        let good = folder + "/our-own.json"
        try text.replacingOccurrences(of: "\"keyMessage\"", with: "\"keyMessages\"").replacingOccurrences(
            of: "\"our-scams\"", with: "\"our-own\""
        )
        .write(toFile: good, atomically: true, encoding: .utf8)
        let (listed, listOutput) = try CLI.run(["courses"], dataDir: folder, environment: ["COURSES_DIR": folder])
        XCTAssertEqual(listed, 0, listOutput)
        XCTAssertTrue(listOutput.contains("our-own\t15 min\tSpotting scams"), listOutput)
        XCTAssertTrue(
            listOutput.contains("our-scams.json: not used, 2 problems (run safercyber check-course on it)"), listOutput)
    }

    func testCheckQuestionsValidatesAResilienceQuestionFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-checks-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shipped = "Sources/SaferCyberCore/Assessments/Checks/2-school.json"
        let (ok, okOutput) = try CLI.run(["check-questions", shipped], dataDir: folder)
        XCTAssertEqual(ok, 0, okOutput)
        XCTAssertTrue(
            okOutput.contains("OK — “School cyber check” (id school, version 1), 13 areas, 28 questions."), okOutput)
        let text = try String(contentsOf: CLI.root.appendingPathComponent(shipped), encoding: .utf8)
            .replacingOccurrences(of: "\"effort\": \"quick\"", with: "\"effort\": \"fast\"")
        let bad = folder + "/bad.json"
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let (refused, output) = try CLI.run(["check-questions", bad], dataDir: folder)
        XCTAssertEqual(refused, 1)
        XCTAssertTrue(output.contains("action.effort: “fast” is not one of: quick, some, project"), output)
    }
}
