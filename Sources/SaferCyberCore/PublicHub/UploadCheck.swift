import Foundation

/// What a partner's upload to the resource library really is, judged by its content rather than its name, and
/// whether it may be published: documents, images, video, audio and transcripts only. Programs, scripts, web pages
/// and documents with macros are refused whatever they are called (issue 8: uploads are type-checked by content).
public enum UploadCheck {
    public enum Kind: String, CaseIterable, Sendable {
        case pdf, png, jpeg, gif, webp, mp4, webm, mp3, docx, pptx, xlsx, text

        public var label: String {
            switch self {
            case .pdf: "a PDF"
            case .png: "a PNG image"
            case .jpeg: "a JPEG image"
            case .gif: "a GIF image"
            case .webp: "a WebP image"
            case .mp4: "an MP4 video"
            case .webm: "a WebM video"
            case .mp3: "an MP3 audio file"
            case .docx: "a Word document"
            case .pptx: "a PowerPoint presentation"
            case .xlsx: "an Excel spreadsheet"
            case .text: "a text file"
            }
        }

        /// The type sent when the file is downloaded (never guessed by the browser: nosniff).
        public var mimeType: String {
            switch self {
            case .pdf: "application/pdf"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .gif: "image/gif"
            case .webp: "image/webp"
            case .mp4: "video/mp4"
            case .webm: "video/webm"
            case .mp3: "audio/mpeg"
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .text: "text/plain; charset=utf-8"
            }
        }

        public var extensions: Set<String> {
            switch self {
            case .pdf: ["pdf"]
            case .png: ["png"]
            case .jpeg: ["jpg", "jpeg"]
            case .gif: ["gif"]
            case .webp: ["webp"]
            case .mp4: ["mp4", "m4v"]
            case .webm: ["webm"]
            case .mp3: ["mp3"]
            case .docx: ["docx"]
            case .pptx: ["pptx"]
            case .xlsx: ["xlsx"]
            case .text: ["txt", "csv", "vtt", "srt"]
            }
        }

        /// Videos and audio are large; everything else stays small.
        public var largestBytes: Int { [.mp4, .webm, .mp3].contains(self) ? 200_000_000 : 20_000_000 }
        /// Media need alternative text or a transcript before they can be published.
        public var isMedia: Bool { [.png, .jpeg, .gif, .webp, .mp4, .webm, .mp3].contains(self) }
    }

    public struct Refused: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The kind of these bytes, or why they are refused.
    public static func check(_ bytes: [UInt8], fileName: String) -> Result<Kind, Refused> {
        do {
            return try check(Resources.Upload(fileName: fileName, bytes: bytes))
        } catch {
            return .failure(Refused(description: "The file could not be read."))  // bytes in memory are always readable
        }
    }

    /// The file's kind, or why it is refused, in words a partner can act on. Reads the first megabyte, and for Office
    /// documents searches the whole file a megabyte at a time; throws only if a file on disk cannot be read.
    public static func check(_ upload: Resources.Upload) throws -> Result<Kind, Refused> {
        let fileName = upload.fileName
        let ext =
            fileName.split(separator: ".").count > 1 ? String(fileName.split(separator: ".").last!).lowercased() : ""
        guard upload.size > 0 else { return .failure(Refused(description: "The file is empty.")) }
        let head = try upload.read(from: 0, count: 1_000_000)
        if let program = program(head) {
            return .failure(
                Refused(description: "This file is \(program), not a document, image or video, so it cannot be shared.")
            )
        }
        guard let kind = try identify(head, in: upload) else {
            return .failure(
                Refused(
                    description:
                        "This kind of file cannot be shared. Upload a PDF, an image (PNG, JPEG, GIF, WebP), a video (MP4, WebM), MP3 audio, a Word, PowerPoint or Excel file, or a text transcript."
                ))
        }
        if [.docx, .pptx, .xlsx].contains(kind), try upload.contains("vbaProject.bin") {
            return .failure(
                Refused(
                    description:
                        "This document contains macros (small programs), so it cannot be shared. Save it without macros and upload it again."
                ))
        }
        guard kind.extensions.contains(ext) else {
            return .failure(
                Refused(
                    description:
                        "The file's name ends .\(ext.isEmpty ? "(nothing)" : ext) but it is \(kind.label). Rename it to end .\(kind.extensions.sorted().first!) or choose the right file."
                ))
        }
        guard upload.size <= kind.largestBytes else {
            return .failure(
                Refused(
                    description:
                        "The file is \(upload.size / 1_000_000) MB; \(kind.label) can be at most \(kind.largestBytes / 1_000_000) MB."
                ))
        }
        return .success(kind)
    }

    static func starts(_ bytes: [UInt8], _ prefix: [UInt8], at offset: Int = 0) -> Bool {
        bytes.count >= offset + prefix.count && bytes[offset..<offset + prefix.count].elementsEqual(prefix)
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == first && bytes[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// Programs and scripts, named for the message.
    static func program(_ b: [UInt8]) -> String? {
        if starts(b, Array("MZ".utf8)) { return "a Windows program" }
        if starts(b, [0x7F, 0x45, 0x4C, 0x46]) { return "a Linux program" }
        if starts(b, [0xFE, 0xED, 0xFA, 0xCE]) || starts(b, [0xFE, 0xED, 0xFA, 0xCF])
            || starts(b, [0xCF, 0xFA, 0xED, 0xFE])
            || starts(b, [0xCE, 0xFA, 0xED, 0xFE]) || starts(b, [0xCA, 0xFE, 0xBA, 0xBE])
        {
            return "a Mac or Java program"
        }
        if starts(b, Array("#!".utf8)) { return "a script" }
        if starts(b, [0xD0, 0xCF, 0x11, 0xE0]) {
            return "an old-style Office file or installer (these can hide macros)"
        }
        let head = String(decoding: b.prefix(512), as: UTF8.self).lowercased().trimmingCharacters(
            in: .whitespacesAndNewlines)
        if head.hasPrefix("<")
            && (head.contains("<script") || head.contains("<html") || head.contains("<svg")
                || head.contains("<!doctype"))
        {
            return "a web page or SVG (which can carry scripts)"
        }
        return nil
    }

    /// `b`: the file's first megabyte.
    static func identify(_ b: [UInt8], in upload: Resources.Upload) throws -> Kind? {
        if starts(b, Array("%PDF-".utf8)) { return .pdf }
        if starts(b, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(b, [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(b, Array("GIF87a".utf8)) || starts(b, Array("GIF89a".utf8)) { return .gif }
        if starts(b, Array("RIFF".utf8)) && starts(b, Array("WEBP".utf8), at: 8) { return .webp }
        if starts(b, Array("ftyp".utf8), at: 4) { return .mp4 }
        if starts(b, [0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if starts(b, Array("ID3".utf8)) || (b.count > 1 && b[0] == 0xFF && b[1] & 0xE0 == 0xE0) { return .mp3 }
        if starts(b, [0x50, 0x4B, 0x03, 0x04]) {
            guard try upload.contains("[Content_Types].xml") else { return nil }
            if try upload.contains("word/") { return .docx }
            if try upload.contains("ppt/") { return .pptx }
            if try upload.contains("xl/") { return .xlsx }
            return nil
        }
        // Text: valid UTF-8 with no control characters other than tab and line breaks (transcripts, captions, CSV).
        guard let text = String(bytes: b.prefix(1_000_000), encoding: .utf8), !text.isEmpty else { return nil }
        let allowed = text.unicodeScalars.allSatisfy { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return allowed ? .text : nil
    }
}
