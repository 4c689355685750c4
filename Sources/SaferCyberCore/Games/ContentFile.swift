import Foundation

/// What game scenarios, courses and resilience checks share as content files: JSON read with line numbers and
/// checked field by field (every problem at once), and folders of files (shipped ones plus a deployment's own).
enum ContentFile {
    /// The file's JSON and the line of every path, or the problems that stop it being read at all.
    static func parse(_ data: Data) -> Result<ScenarioJSON, ScenarioFile.Invalid> {
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(
                .init(problems: [ScenarioProblem(line: nil, path: "", message: "The file is not UTF-8 text.")]))
        }
        do {
            return .success(try ScenarioJSON.parse(text))
        } catch let error as ScenarioJSON.SyntaxError {
            return .failure(
                .init(problems: [
                    ScenarioProblem(line: error.line, path: "column \(error.column)", message: error.message)
                ]))
        } catch {
            return .failure(
                .init(problems: [ScenarioProblem(line: nil, path: "", message: "The file could not be read.")]))
        }
    }

    /// Parses, checks the shape, decodes and runs `checks`, collecting every problem.
    static func read<T: Decodable>(
        _ data: Data, shape: ScenarioSchema.Shape, as type: T.Type,
        checks: (T, inout ScenarioChecks) -> Void
    ) -> Result<T, ScenarioFile.Invalid> {
        let root: ScenarioJSON
        switch parse(data) {
        case .success(let parsed): root = parsed
        case .failure(let invalid): return .failure(invalid)
        }
        var problems: [ScenarioProblem] = []
        var lines: [String: Int] = [:]
        ScenarioSchema.check(root, shape, path: "", problems: &problems, lines: &lines)
        guard problems.isEmpty else { return .failure(.init(problems: problems)) }
        do {
            let value = try JSONDecoder().decode(T.self, from: data)
            var found = ScenarioChecks(lines: lines)
            checks(value, &found)
            return found.problems.isEmpty ? .success(value) : .failure(.init(problems: found.problems))
        } catch {
            return .failure(
                .init(problems: [ScenarioProblem(line: nil, path: "", message: "The file could not be read: \(error)")])
            )
        }
    }

    /// The `.json` files of the shipped folder `resource` and then of `extra`, each in name order.
    static func files(shipped resource: String, extra: URL?) -> [(name: String, data: Data)] {
        var folders: [URL] = []
        if let shipped = Bundle.module.url(forResource: resource, withExtension: nil) { folders.append(shipped) }
        if let extra { folders.append(extra) }
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
                .compactMap { file in (try? Data(contentsOf: file)).map { (file.lastPathComponent, $0) } }
        }
    }

    /// Checks that an id can be part of a page address.
    static func isAddressable(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 60 && id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
