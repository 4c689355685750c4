import Foundation

/// Text people type, made fit to store and repeat: the one place that decides what happens to control characters
/// and spaces at either end.
extension String {
    /// Without whitespace at either end (line breaks included).
    public func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    /// Every control character (tabs and line breaks included) as a space; with `keepingLineBreaks`, line breaks
    /// ("\r\n", "\r" and "\n") are kept, as "\n", for text written in paragraphs.
    public func replacingControlCharacters(keepingLineBreaks: Bool = false) -> String {
        let text =
            keepingLineBreaks
            ? replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : self
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map {
                    CharacterSet.controlCharacters.contains($0) && !(keepingLineBreaks && $0 == "\n") ? " " : $0
                }))
    }
}
