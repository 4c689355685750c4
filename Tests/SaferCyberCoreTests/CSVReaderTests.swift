import SaferCyberCore
import XCTest

final class CSVReaderTests: XCTestCase {
    private func records(_ text: String, chunk: Int = 1 << 20, max: Int = 65_536) throws -> [[String]] {
        var reader = CSVReader(source: MemoryByteSource(text), chunkSize: chunk, maxRecordBytes: max)
        defer { reader.close() }
        var all: [[String]] = []
        while try reader.next() { all.append(reader.strings()) }
        return all
    }

    func testLineEndingsBOMAndQuotes() throws {
        // setup: BOM, CRLF, a quoted comma, an escaped quote, a line break inside quotes, a bare CR, no final newline
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",z\r3,,last"
        // act: read with a tiny chunk so that records straddle buffer refills
        for chunk in [1, 2, 3, 7, 1 << 20] {
            let rows = try records(text, chunk: chunk)
            // check
            XCTAssertEqual(
                rows, [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", "z"], ["3", "", "last"]],
                "chunk \(chunk)")
        }
    }

    func testLineNumbersCountPhysicalLines() throws {
        var reader = CSVReader(source: MemoryByteSource("h\n\"a\nb\"\nc\n\nd\n"))
        defer { reader.close() }
        var lines: [Int] = []
        while try reader.next() { lines.append(reader.line) }
        // "c" is on line 4 because the quoted field spans lines 2–3; the blank line 5 is skipped.
        XCTAssertEqual(lines, [1, 2, 4, 6])
    }

    func testRefusesOverlongLineAndBinary() throws {
        let long = "h\n" + String(repeating: "x", count: 70_000) + "\n"
        XCTAssertThrowsError(try records(long)) {
            XCTAssertEqual($0 as? CSVError, .lineTooLong(line: 2, limit: 65_536))
        }
        XCTAssertThrowsError(try records("h\nab\u{0}c\n")) { XCTAssertEqual($0 as? CSVError, .notText(line: 2)) }
    }
}
