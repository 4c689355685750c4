import Foundation

extension Resources {
    /// A `Range` header read against a file of `size` bytes (RFC 9110 14.2): one range of bytes, or the whole file
    /// when there is none or it cannot be read (several ranges, other units), or unsatisfiable.
    public enum ByteRange: Sendable, Equatable {
        case whole
        case part(first: Int, last: Int)
        case unsatisfiable

        public var bounds: (Int, Int)? {
            if case .part(let first, let last) = self { return (first, last) }
            return nil
        }
    }

    public static func byteRange(_ header: String?, size: Int) -> ByteRange {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let sides = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard sides.count == 2 else { return .whole }
        if sides[0].isEmpty {
            // The last n bytes.
            guard let n = Int(sides[1]), n > 0 else { return .whole }
            guard size > 0 else { return .unsatisfiable }
            return .part(first: max(0, size - n), last: size - 1)
        }
        guard let first = Int(sides[0]), first >= 0 else { return .whole }
        guard first < size else { return .unsatisfiable }
        if sides[1].isEmpty { return .part(first: first, last: size - 1) }
        guard let last = Int(sides[1]), last >= first else { return .whole }
        return .part(first: first, last: min(last, size - 1))
    }
}
