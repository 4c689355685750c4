/// The shape of each scenario format, checked field by field so that every mistake in a file is
/// reported at once, with its line and path (docs/scenarios.md describes the same fields).
import Foundation

struct ScenarioSchema {
    indirect enum Shape: Sendable {
        case text
        case integer(ClosedRange<Int>)
        case boolean
        case list(Shape, minimum: Int)
        case object([Field])
        case oneOf([String])
    }

    struct Field: Sendable {
        var name: String
        var shape: Shape
        var required = true
    }

    static func field(_ name: String, _ shape: Shape) -> Field { Field(name: name, shape: shape) }
    static func optional(_ name: String, _ shape: Shape) -> Field { Field(name: name, shape: shape, required: false) }
    static let text = Shape.text
    static func texts(minimum: Int = 0) -> Shape { .list(.text, minimum: minimum) }

    static let debrief = Shape.object([field("keyMessages", texts(minimum: 1)), field("report", text)])
    static func header(_ format: String) -> [Field] {
        [
            field("format", .oneOf([format])), field("id", text), field("title", text), field("summary", text),
            field("audience", text), field("minutes", .integer(5...240)),
        ]
    }

    static let defence = Shape.object(
        header(DefenceScenario.format) + [
            field("rounds", .integer(1...8)),
            field("budgetPerRound", .integer(1...100_000)),
            field("organisation", .object([field("name", text), field("story", text)])),
            field("sites", .list(.object([field("id", text), field("name", text)]), minimum: 1)),
            field("assets", .list(.object([field("id", text), field("name", text), field("site", text)]), minimum: 1)),
            field(
                "attackers",
                .list(
                    .object([
                        field("id", text), field("name", text),
                        field("kind", .oneOf(DefenceScenario.AttackerKind.allCases.map(\.rawValue))),
                        field("description", text),
                    ]), minimum: 1)),
            field(
                "defences",
                .list(
                    .object([
                        field("id", text), field("name", text),
                        field("category", .oneOf(DefenceScenario.DefenceCategory.allCases.map(\.rawValue))),
                        field("cost", .integer(1...100_000)), field("description", text),
                        optional("requires", texts()), optional("hidden", .boolean),
                        optional("revealsAttackers", .boolean),
                    ]), minimum: 1)),
            field(
                "chains",
                .list(
                    .object([
                        field("id", text), field("name", text), field("attacker", text), field("asset", text),
                        field("startRound", .integer(1...8)),
                        field(
                            "steps",
                            .list(
                                .object([
                                    field("description", text), field("counters", texts()),
                                    field("loss", .integer(0...100_000)),
                                    optional("noticed", text), optional("noticedWhenStopped", text),
                                ]), minimum: 1)),
                    ]), minimum: 1)),
            field("debrief", debrief),
        ])

    static let escape = Shape.object(
        header(EscapeScenario.format) + [
            field("story", text),
            field(
                "rooms",
                .list(
                    .object([
                        field("id", text), field("title", text), field("story", text),
                        field(
                            "puzzles",
                            .list(
                                .object([
                                    field("id", text),
                                    field("kind", .oneOf(EscapeScenario.PuzzleKind.allCases.map(\.rawValue))),
                                    field("title", text), field("prompt", text),
                                    optional("answers", texts(minimum: 1)), optional("options", texts(minimum: 2)),
                                    optional("correct", .integer(0...50)),
                                    optional(
                                        "message",
                                        .object([
                                            field("kind", .oneOf(EscapeScenario.MessageKind.allCases.map(\.rawValue))),
                                            field("from", text),
                                            optional("subject", text), optional("need", .integer(1...50)),
                                            field(
                                                "parts",
                                                .list(
                                                    .object([
                                                        field("text", text), optional("flag", .boolean),
                                                        optional("why", text),
                                                    ]), minimum: 2)),
                                        ])),
                                    optional("items", texts(minimum: 2)), optional("code", text),
                                    optional("cluesFrom", texts(minimum: 1)),
                                    optional("clue", text),
                                    field(
                                        "hints",
                                        .list(
                                            .object([field("text", text), field("costSeconds", .integer(0...3600))]),
                                            minimum: 0)),
                                    field("right", text), field("wrong", text),
                                ]), minimum: 1)),
                    ]), minimum: 1)),
            field("debrief", debrief),
        ])

    /// Checks `node` against `shape`, recording every problem and the line of every path it visits.
    static func check(
        _ node: ScenarioJSON, _ shape: Shape, path: String, problems: inout [ScenarioProblem],
        lines: inout [String: Int]
    ) {
        lines[path] = node.line
        func problem(_ message: String) {
            problems.append(ScenarioProblem(line: node.line, path: path, message: message))
        }
        switch (shape, node.value) {
        case (.text, .string(let s)):
            if s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problem("is empty") }
        case (.integer(let range), .number(let n)):
            if n.rounded() != n {
                problem("should be a whole number")
            } else if !range.contains(Int(n)) {
                problem("should be between \(range.lowerBound) and \(range.upperBound), not \(Int(n))")
            }
        case (.boolean, .bool):
            break
        case (.oneOf(let allowed), .string(let s)):
            if !allowed.contains(s) { problem("“\(s)” is not one of: \(allowed.joined(separator: ", "))") }
        case (.list(let item, let minimum), .array(let items)):
            if items.count < minimum { problem("needs at least \(minimum) item\(minimum == 1 ? "" : "s")") }
            for (i, element) in items.enumerated() {
                check(element, item, path: "\(path)[\(i)]", problems: &problems, lines: &lines)
            }
        case (.object(let fields), .object(let members)):
            let known = Set(fields.map(\.name))
            var seen: Set<String> = []
            for (key, value) in members {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if !seen.insert(key).inserted {
                    problems.append(ScenarioProblem(line: value.line, path: childPath, message: "appears twice"))
                } else if let field = fields.first(where: { $0.name == key }) {
                    check(value, field.shape, path: childPath, problems: &problems, lines: &lines)
                } else {
                    let hint =
                        known.filter { editDistance($0, key) <= 3 }.min {
                            editDistance($0, key) < editDistance($1, key)
                        }.map { " — did you mean “\($0)”?" } ?? ""
                    problems.append(
                        ScenarioProblem(line: value.line, path: childPath, message: "is not a field here\(hint)"))
                }
            }
            for field in fields where field.required && !seen.contains(field.name) {
                problem("is missing “\(field.name)”")
            }
        default:
            problem("should be \(describe(shape)), not \(describe(node.value))")
        }
    }

    static func describe(_ shape: Shape) -> String {
        switch shape {
        case .text: "text in double quotes"
        case .integer: "a whole number"
        case .boolean: "true or false"
        case .list: "a list in [ ]"
        case .object: "an object in { }"
        case .oneOf(let allowed): "one of: \(allowed.joined(separator: ", "))"
        }
    }

    static func describe(_ value: ScenarioJSON.Value) -> String {
        switch value {
        case .string: "text"
        case .number: "a number"
        case .bool: "true or false"
        case .array: "a list"
        case .object: "an object"
        case .null: "null"
        }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}
