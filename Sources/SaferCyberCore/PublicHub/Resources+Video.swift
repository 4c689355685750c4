import FluentKit
import Foundation

/// The video rules of the resource library (issue 23).
extension Resources {
    public static let creditLimit = 300
    public static let consentNoteLimit = 1000

    /// The video rules (issue 23): captions for an uploaded video, a credit for whoever made it, and a recorded
    /// consent for any young person shown. Adds problems to `errors`; returns the captions as stored.
    static func checkVideo(
        _ draft: Draft, kind: LibraryResource.Kind?, fileKind: UploadCheck.Kind?, submission: SubmissionLink?,
        errors: inout FieldErrors
    ) -> String? {
        let uploadedVideo = [.mp4, .webm].contains(fileKind)
        let isVideo = kind == .video || uploadedVideo
        var captions: String?
        if uploadedVideo {
            if draft.captions.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.add(
                    "captions",
                    "Add captions: upload a WebVTT (.vtt) file of everything said, for people who cannot hear it")
            } else {
                switch Captions.check(draft.captions) {
                case .success(let text): captions = text
                case .failure(let problems): for p in problems.problems { errors.add(p.field, p.message) }
                }
            }
        } else if !draft.captions.isEmpty {
            errors.add("captions", "Captions go with an uploaded video; a linked video has its own")
        }
        let credit = draft.credit.trimmingCharacters(in: .whitespacesAndNewlines)
        if isVideo && credit.isEmpty {
            errors.add(
                "credit",
                "Say who made it, so that they get the credit (for example “Year 9 media students, Hill Academy”)")
        } else if credit.count > creditLimit {
            errors.add("credit", "The credit must be \(creditLimit) characters or fewer")
        }
        switch draft.showsYoungPeople {
        case "yes":
            let note = draft.consentNote.trimmingCharacters(in: .whitespacesAndNewlines)
            if note.isEmpty {
                errors.add(
                    "consentNote",
                    "Say how consent was recorded for each young person shown (for example “signed parental consent forms, held by the school”)"
                )
            } else if note.count > consentNoteLimit {
                errors.add("consentNote", "This must be \(consentNoteLimit) characters or fewer")
            }
            if !draft.consentConfirmed {
                errors.add("consentConfirmed", "Confirm that consent was given for every young person shown")
            }
        case "no": break
        default:
            // Review: photos and posters of students are the likeliest case, and audio can name someone; everything
            // students send in is asked too.
            let showsPeople =
                isVideo || kind == .poster || kind == .audio
                || [.png, .jpeg, .gif, .webp, .mp3].contains(fileKind) || submission != nil
            if showsPeople {
                errors.add("showsYoungPeople", "Say whether any young person can be seen, heard or named in it")
            }
        }
        if submission != nil {
            let submitter = draft.submitter.trimmingCharacters(in: .whitespacesAndNewlines)
            if submitter.isEmpty {
                errors.add("submitter", "Enter your name, so the partnership knows who sent it and confirmed consent")
            } else if submitter.count > 200 {
                errors.add("submitter", "Your name must be 200 characters or fewer")
            }
        }
        return captions
    }

    /// An uploaded file: its name as sent, and its bytes in memory or in a file on disk. The web form streams uploads
    /// to a temporary file; a 200 MB video is then checked and stored a piece at a time, never held whole in memory.
    public struct Upload: Sendable {
        public enum Source: Sendable {
            case bytes([UInt8])
            case file(path: String)
        }

        public var fileName: String
        public var source: Source
        /// In bytes.
        public let size: Int

        public init(fileName: String, bytes: [UInt8]) {
            self.fileName = fileName
            self.source = .bytes(bytes)
            self.size = bytes.count
        }

        /// The file at `path`, which must stay there until the upload has been added.
        public init(fileName: String, path: String) throws {
            self.fileName = fileName
            self.source = .file(path: path)
            self.size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        }

        /// Up to `count` bytes from `offset` (fewer at the end of the file).
        public func read(from offset: Int, count: Int) throws -> [UInt8] {
            let end = min(size, offset + count)
            guard offset < end else { return [] }
            switch source {
            case .bytes(let bytes):
                return Array(bytes[offset..<end])
            case .file(let path):
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                return Array(try handle.read(upToCount: end - offset) ?? Data())
            }
        }

        /// Whether `text` occurs anywhere in the file, read a megabyte at a time (pieces overlap by the text's length).
        public func contains(_ text: String) throws -> Bool {
            let overlap = max(0, text.utf8.count - 1)
            var offset = 0
            while offset < size {
                if UploadCheck.contains(try read(from: offset, count: Resources.partSize + overlap), text) {
                    return true
                }
                offset += Resources.partSize
            }
            return false
        }
    }
}
