import App
import Foundation
import SaferCyberCore
import Vapor

/// `safercyber-dev generate extract FILE --rows N [--seed S]`: writes a synthetic force extract with the demo's
/// shape, for benchmarks and trying the importer. It never touches the database.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "extract") var kind: String
        @Argument(name: "file", help: "Where to write the CSV") var file: String
        @Option(name: "rows", help: "About how many rows (default 100000)") var rows: Int?
        @Option(name: "seed", help: "Random seed (default 2026)") var seed: Int?
        @Option(name: "quarters", help: "How many quarters the records span (default 40)") var quarters: Int?
        @Option(name: "lsoas", help: "A geography lookup CSV whose LSOA codes to use") var lsoas: String?
    }

    var help: String { "Writes a synthetic force extract (deterministic) for benchmarks and testing." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await StartupError.exitOnFailure {
            guard signature.kind == "extract" else {
                throw StartupError("Unknown kind ‘\(signature.kind)’. Use extract.")
            }
            var codes: [String] = []
            if let path = signature.lsoas {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                codes = text.split(whereSeparator: \.isNewline).compactMap { line in
                    line.split(separator: ",").first { $0.count == 9 && ($0.hasPrefix("E01") || $0.hasPrefix("W01")) }
                        .map(String.init)
                }
            }
            let quarters = signature.quarters ?? 40
            let rows = signature.rows ?? 100_000
            // Growth of 8% a year: the mean multiplier over the span, so the total comes out near `rows`.
            let mean = (0..<quarters).map { pow(1.08, Double($0) / 4) }.reduce(0, +) / Double(quarters)
            var generator = ForceExtractGenerator(seed: UInt64(signature.seed ?? 2026), lsoaCodes: codes)
            guard FileManager.default.createFile(atPath: signature.file, contents: nil),
                let handle = FileHandle(forWritingAtPath: signature.file)
            else { throw StartupError("Cannot write \(signature.file).") }
            defer { try? handle.close() }
            let firstYear = 2026 - quarters / 4
            try generator.generate(
                firstMonth: firstYear * 100 + 1, quarters: quarters,
                rowsPerQuarter: Int(Double(rows) / Double(quarters) / mean)
            ) { chunk in
                try handle.write(contentsOf: Data(chunk.utf8))
            }
            context.console.print("Wrote \(signature.file).")
        }
    }
}
