import Foundation

/// WebVTT captions (issue 23): every uploaded video carries them, so that people who cannot hear it can follow it.
/// The check is the part of the WebVTT format a player needs: the "WEBVTT" signature, and cues whose timings read
/// `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt` with the end after the start.
public enum Captions {
    public static let largestBytes = 1_000_000

    /// A moment written `hh:mm:ss.ttt` or `mm:ss.ttt`, in milliseconds.
    static func milliseconds(_ text: Substring) -> Int? {
        // Digits, colons and one full stop only, and hours of at most three digits: nothing can overflow (review: a
        // 13-digit hour stopped the server) and no sign slips through Int's parsing.
        guard text.count <= 13, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ".") }) else {
            return nil
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        let last = parts.last!.split(separator: ".", omittingEmptySubsequences: false)
        guard last.count == 2, last[0].count == 2, last[1].count == 3, let seconds = Int(last[0]),
            let thousandths = Int(last[1]), seconds < 60
        else { return nil }
        let leading = parts.dropLast().map { Int($0) }
        guard !leading.contains(nil), parts.dropLast().last?.count == 2 else { return nil }
        let numbers = leading.map { $0! }
        let minutes = numbers.last!
        guard minutes < 60 else { return nil }
        let hours = numbers.count == 2 ? numbers[0] : 0
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + thousandths
    }

    /// The captions with line endings made plain, or what is wrong with them in words.
    public static func check(_ raw: String) -> Result<String, FieldErrors> {
        func refuse(_ message: String) -> Result<String, FieldErrors> { .failure(FieldErrors("captions", message)) }
        guard raw.utf8.count <= largestBytes else { return refuse("The captions file must be 1 MB or smaller") }
        var text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first == "WEBVTT" || first.hasPrefix("WEBVTT ") || first.hasPrefix("WEBVTT\t")
        else {
            return refuse("Choose a WebVTT captions file (.vtt): its first line must be “WEBVTT”")
        }
        if text.unicodeScalars.contains(where: { $0.value < 32 && $0 != "\n" && $0 != "\t" || $0.value == 127 }) {
            return refuse("The captions file holds control characters: save it again as plain text (UTF-8)")
        }
        // The header ends at the first blank line: a cue before it is not shown by players.
        let headerEnd = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? lines.count
        var cues = 0
        for (number, line) in lines.enumerated() where line.contains("-->") {
            guard number > headerEnd else {
                return refuse("Leave a blank line after “WEBVTT” before the first caption (line \(number + 1))")
            }
            guard number + 1 < lines.count, !lines[number + 1].trimmingCharacters(in: .whitespaces).isEmpty else {
                return refuse("The caption at line \(number + 1) has no text")
            }
            let sides = line.components(separatedBy: "-->")
            let start = milliseconds(Substring(sides[0].trimmingCharacters(in: .whitespaces)))
            let endText =
                sides.count == 2 ? sides[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first : nil
            let end = endText.flatMap(milliseconds)
            guard let start, let end else {
                return refuse(
                    "Line \(number + 1) of the captions has a timing that is not like 00:01.000 --> 00:04.000")
            }
            guard end > start else { return refuse("Line \(number + 1) of the captions ends before it starts") }
            cues += 1
        }
        guard cues > 0 else { return refuse("The captions file has no captions in it") }
        return .success(text)
    }
}
