import XCTest

@testable import SaferCyberCore

final class ScenarioFileTests: XCTestCase {
    func problems(_ text: String) -> [String] {
        switch ScenarioFile.read(Data(text.utf8)) {
        case .success: return []
        case .failure(let invalid): return invalid.problems.map(\.description)
        }
    }

    func testASyntaxErrorGivesItsLineAndColumn() {
        XCTAssertEqual(
            problems("{\n  \"format\": \"safercyber-escape/1\",\n  \"id\" \"x\"\n}"),
            ["line 3, column 8: expected a colon after the field name “id”"])
        XCTAssertEqual(
            problems("{\"a\": \"unfinished\n\"}"),
            ["line 1, column 18: a piece of text runs onto the next line; close it with a double quote or write \\n"])
        XCTAssertEqual(problems("[1, 2]"), ["line 1: A scenario file holds one object in { }."])
        XCTAssertEqual(
            problems("{\"format\": \"quiz/2\"}"),
            ["line 1, format: should be “safercyber-escape/1” or “safercyber-defence/1”"])
    }

    /// A file with many mistakes: each is reported once, with its line and path, in one go.
    func testEveryMistakeInAnEscapeRoomIsReportedWithItsLocation() {
        let file = """
            {
              "format": "safercyber-escape/1",
              "id": "broken",
              "title": "Broken",
              "summary": "",
              "audience": "All",
              "minutes": "forty",
              "story": "Once",
              "rooms": [
                {
                  "id": "r1", "title": "Room", "story": "…",
                  "puzzles": [
                    {"id": "p1", "kind": "choice", "title": "Q", "prompt": "?", "options": ["a", "b"], "correct": 2,
                     "hints": [], "right": "Yes", "wrong": "No", "clue": "4"},
                    {"id": "p1", "kind": "riddle", "title": "Q", "prompt": "?", "hints": [], "right": "Yes", "wrong": "No"},
                    {"id": "p3", "kind": "code-lock", "title": "Lock", "prompt": "?", "code": "49", "cluesFrom": ["p1", "p9"],
                     "hints": [{"text": "Look", "costSecs": 30}], "right": "Yes", "wrong": "No"}
                  ]
                }
              ]
            }
            """
        XCTAssertEqual(
            problems(file),
            [
                "line 5, summary: is empty",
                "line 7, minutes: should be a whole number, not text",
                "line 15, rooms[0].puzzles[1].kind: “riddle” is not one of: text, choice, red-flags, ordering, code-lock",
                "line 17, rooms[0].puzzles[2].hints[0].costSecs: is not a field here — did you mean “costSeconds”?",
                "line 17, rooms[0].puzzles[2].hints[0]: is missing “costSeconds”",
                "line 1: is missing “debrief”",
            ])
    }

    func testReferencesAndRulesAreCheckedOnceTheShapeIsRight() {
        let file = """
            {
              "format": "safercyber-escape/1", "id": "refs", "title": "Refs", "summary": "S", "audience": "All", "minutes": 30, "story": "Once",
              "rooms": [
                {
                  "id": "r1", "title": "Room", "story": "…",
                  "puzzles": [
                    {"id": "p1", "kind": "choice", "title": "Q", "prompt": "?", "options": ["a", "b"], "correct": 2,
                     "hints": [], "right": "Yes", "wrong": "No", "clue": "4"},
                    {"id": "p1", "kind": "text", "title": "Q", "prompt": "?", "answers": ["!!"], "hints": [], "right": "Yes", "wrong": "No"},
                    {"id": "p3", "kind": "code-lock", "title": "Lock", "prompt": "?", "code": "49", "cluesFrom": ["p1", "p9"],
                     "hints": [], "right": "Yes", "wrong": "No"}
                  ]
                }
              ],
              "debrief": {"keyMessages": ["Be careful"], "report": "Report Fraud"}
            }
            """
        XCTAssertEqual(
            problems(file),
            [
                "line 7, rooms[0].puzzles[0].correct: is 2 but there are only 2 options (0 is the first)",
                "line 9, rooms[0].puzzles[1].id: “p1” is used twice; ids must be different",
                "line 9, rooms[0].puzzles[1].answers[0]: has no letters or digits, so no answer could match it",
                "line 10, rooms[0].puzzles[2].cluesFrom[1]: “p9” is not an earlier puzzle with a clue",
            ])
    }

    func testDefenceReferencesRoundsAndBudgetAreChecked() throws {
        guard case .defence(var s) = try XCTUnwrap(ScenarioLibrary.shipped.scenario("small-business")) else {
            return XCTFail("not a defence game")
        }
        s.assets[0].site = "moon"
        s.chains[0].steps[0].counters = ["two-step", "laser-moat"]
        s.chains[1].startRound = 4
        s.defences[0].cost = 500
        s.defences[1].requires = ["threat-assessment"]
        s.defences[2].hidden = true
        s.chains[2].attacker = "aliens"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard case .failure(let invalid) = ScenarioFile.read(try encoder.encode(s)) else {
            return XCTFail("the broken scenario was accepted")
        }
        XCTAssertEqual(
            invalid.problems.map { "\($0.path): \($0.message)" },
            [
                "assets[0].site: there is no site “moon”",
                "defences[0].cost: £500k is more than the whole game's budget, so nobody could buy it",
                "defences[1].requires[0]: a defence cannot require itself",
                "defences[1].requires: requirements go round in a circle, so nobody could buy it",
                "defences[2].hidden: a hidden defence must list what unlocks it in “requires”",
                "chains[0].steps[0].counters[1]: there is no defence “laser-moat”",
                "chains[1].steps: starts in round 4 with 2 steps, so it would run to round 5 of 4",
                "chains[2].attacker: there is no attacker “aliens”",
            ])
        XCTAssertTrue(invalid.problems.allSatisfy { $0.line != nil }, "every problem has a line")
    }
}
