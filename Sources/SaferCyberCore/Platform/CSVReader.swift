import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a CSV reader gets its bytes: a file read in chunks, or bytes already in memory (tests, uploads).
public protocol ByteSource {
    /// Fills up to `count` bytes at `into`; returns how many were read, 0 at the end.
    mutating func read(into: UnsafeMutableRawPointer, count: Int) throws -> Int
}

public struct FileByteSource: ByteSource {
    let fd: Int32
    public init(path: String) throws {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CSVError.cannotOpen(path: path) }
    }
    public mutating func read(into: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let n = Glibc.read(fd, into, count)
            if n >= 0 { return n }
            if errno != EINTR { throw CSVError.cannotOpen(path: "file descriptor \(fd)") }
        }
    }
    public func close() { _ = Glibc.close(fd) }
}

public struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public mutating func read(into: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = min(count, bytes.count - offset)
        if n > 0 { bytes.withUnsafeBytes { into.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
        offset += n
        return n
    }
}

/// Problems that stop a whole file from being read, in plain English.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String)
    case lineTooLong(line: Int, limit: Int)
    case notText(line: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path): "The file \(path) could not be opened."
        case .lineTooLong(let line, let limit):
            "Line \(line) is longer than \(limit / 1024) KB, so this does not look like a CSV export. Check the file is the right one."
        case .notText(let line):
            "Line \(line) contains bytes that are not text, so this does not look like a CSV file."
        }
    }
}

/// Reads CSV records one at a time with memory that does not grow with the file.
///
/// Accepts LF, CRLF and bare CR line endings, a UTF-8 byte order mark, and quoted fields holding commas,
/// quotes ("") and line breaks. Fields are byte ranges into an internal buffer, valid until the next call:
/// the importer turns only the fields it keeps into Strings, which is where the speed comes from.
public struct CSVReader<Source: ByteSource> {
    public static var defaultMaxRecordBytes: Int { 65_536 }

    private var source: Source
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private let maxRecordBytes: Int
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var nextLine = 1
    private var checkedBOM = false
    /// The physical line on which the current record starts (1 is the header).
    public private(set) var line = 0
    /// Start and end offsets of each field of the current record in `bytes`.
    public private(set) var fieldStarts: [Int] = []
    public private(set) var fieldEnds: [Int] = []
    /// Bytes read so far, for progress bars.
    public private(set) var bytesRead = 0

    public init(source: Source, chunkSize: Int = 1 << 20, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.capacity = chunkSize + maxRecordBytes + 1
        self.buffer = .allocate(capacity: capacity)
        fieldStarts.reserveCapacity(32)
        fieldEnds.reserveCapacity(32)
    }

    /// Frees the buffer; call when done (the reader is a struct so that the hot loop stays inlinable).
    public func close() { buffer.deallocate() }

    public var fieldCount: Int { fieldStarts.count }
    public var bytes: UnsafePointer<UInt8> { UnsafePointer(buffer) }

    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + fieldStarts[index], count: fieldEnds[index] - fieldStarts[index])
    }

    public func string(_ index: Int) -> String? {
        String(validating: field(index), as: UTF8.self)
    }

    /// The whole record as Strings (headers, rejected rows, small files).
    public func strings() -> [String] {
        (0..<fieldCount).map { string($0) ?? String(decoding: field($0), as: UTF8.self) }
    }

    /// Moves to the next record. Returns false at the end of the file. Blank lines are skipped.
    public mutating func next() throws -> Bool {
        while true {
            guard let found = try parseRecord() else { return false }
            if found { return true }
        }
    }

    private mutating func fill() throws {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            // Field offsets of a record being parsed are relative to `start`; parseRecord restarts after a fill.
            end = remaining
            start = 0
        }
        while !atEOF && end < capacity - 1 {
            let n = try source.read(into: buffer + end, count: capacity - 1 - end)
            if n == 0 {
                atEOF = true
                break
            }
            end += n
            bytesRead += n
            if end - start >= capacity / 2 { break }
        }
        if !checkedBOM && end >= 3 || atEOF && !checkedBOM {
            checkedBOM = true
            if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        }
    }

    /// nil at end of file, false for a blank line, true for a record.
    private mutating func parseRecord() throws -> Bool? {
        while true {
            if start >= end {
                if atEOF { return nil }
                try fill()
                if start >= end && atEOF { return nil }
                continue
            }
            switch scan() {
            case .record(let next, let lines):
                if next - start > maxRecordBytes + 2 {
                    throw CSVError.lineTooLong(line: nextLine, limit: maxRecordBytes)
                }
                line = nextLine
                nextLine += lines
                start = next
                return fieldCount == 1 && fieldEnds[0] == fieldStarts[0] && lines > 0 ? false : true
            case .needMore:
                if end - start > maxRecordBytes { throw CSVError.lineTooLong(line: nextLine, limit: maxRecordBytes) }
                if atEOF {
                    // The last record has no line ending: terminate it.
                    buffer[end] = UInt8(ascii: "\n")
                    end += 1
                    continue
                }
                try fill()
            case .binary:
                throw CSVError.notText(line: nextLine)
            }
        }
    }

    private enum Scan {
        case record(next: Int, lines: Int)
        case needMore, binary
    }

    /// Parses one record starting at `start`, unescaping quoted fields in place.
    private mutating func scan() -> Scan {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var i = start
        var lines = 0
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        while true {
            // One field.
            guard i < end else { return .needMore }
            if buffer[i] == quote {
                // Scan without writing: a record cut off by the buffer end is parsed again after a fill.
                var r = i + 1
                var escaped = false
                while true {
                    guard r < end else { return .needMore }
                    let c = buffer[r]
                    if c == quote {
                        guard r + 1 < end else { return .needMore }
                        if buffer[r + 1] == quote {
                            escaped = true
                            r += 2
                            continue
                        }
                        break
                    }
                    if c == 0 { return .binary }
                    if c == lf { lines += 1 }
                    r += 1
                }
                fieldStarts.append(escaped ? -(i + 1) - 1 : i + 1)
                fieldEnds.append(r)
                r += 1
                // After the closing quote: skip anything up to the delimiter (lenient with `"a" ,`).
                while r < end && buffer[r] != comma && buffer[r] != lf && buffer[r] != cr { r += 1 }
                i = r
            } else {
                let fieldStart = i
                while i < end {
                    let c = buffer[i]
                    if c == comma || c == lf || c == cr { break }
                    if c == 0 { return .binary }
                    i += 1
                }
                guard i < end else { return .needMore }
                fieldStarts.append(fieldStart)
                fieldEnds.append(i)
            }
            guard i < end else { return .needMore }
            let c = buffer[i]
            if c == comma {
                i += 1
                continue
            }
            if c == cr {
                guard i + 1 < end || atEOF else { return .needMore }
                i += (i + 1 < end && buffer[i + 1] == lf) ? 2 : 1
            } else {
                i += 1
            }
            unescapeQuotedFields()
            return .record(next: i, lines: lines + 1)
        }
    }

    /// Turns "" into " inside quoted fields, in place, once the whole record is in the buffer.
    /// Such fields were marked by a negative start offset.
    private mutating func unescapeQuotedFields() {
        for f in fieldStarts.indices where fieldStarts[f] < 0 {
            let s = -(fieldStarts[f] + 1)
            var r = s
            var w = s
            while r < fieldEnds[f] {
                buffer[w] = buffer[r]
                r += buffer[r] == UInt8(ascii: "\"") ? 2 : 1
                w += 1
            }
            fieldStarts[f] = s
            fieldEnds[f] = w
        }
    }
}
