import FluentKit
import Foundation
import TestSupport
import XCTest

@testable import SaferCyberCore

/// The resource library's rules: files judged by content, alternatives for media, tags from the partnership's own
/// lists, nothing public before approval, and files kept whole in pieces.
final class ResourceLibraryTests: XCTestCase {
    struct Tags {
        var themes: [UUID], audiences: [UUID], objectives: [UUID]
    }

    func tags(_ partnershipID: UUID, on db: any Database) async throws -> Tags {
        let s = try await PartnershipSettings.snapshot(on: db, partnershipID: partnershipID)
        return Tags(themes: s.themes.map(\.id), audiences: s.audiences.map(\.id), objectives: s.objectives.map(\.id))
    }

    func draft(_ title: String, kind: LibraryResource.Kind, _ tags: Tags, link: String = "") -> Resources.Draft {
        var d = Resources.Draft()
        d.title = title
        d.description = "For testing"
        d.kind = kind.rawValue
        d.link = link
        d.themes = [tags.themes[0]]
        d.audiences = [tags.audiences[1]]
        d.objectives = [tags.objectives[0]]
        // Asked of posters, images, audio and video (issue 23); the consent rules are ResourceVideoTests'.
        d.showsYoungPeople = "no"
        return d
    }

    let pdf = Array("%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n".utf8)

    func testBadItemsAreRefusedWithEveryReasonAndNothingIsSaved() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let t = try await tags(alpha, on: db)
            let betaTags = try await tags(beta, on: db)
            let program = [UInt8]("MZ".utf8) + [UInt8](repeating: 0x90, count: 200)
            var disguised = draft("Poster", kind: .poster, t)
            disguised.altText = "A poster"
            do {
                try await Resources.add(
                    disguised, upload: .init(fileName: "poster.pdf", bytes: program), partnershipID: alpha,
                    by: .system("test"), on: db)
                XCTFail("a Windows program called poster.pdf is refused")
            } catch let errors as FieldErrors {
                XCTAssertEqual(
                    errors.message(for: "file"),
                    "This file is a Windows program, not a document, image or video, so it cannot be shared.")
            }
            var empty = Resources.Draft()
            empty.themes = betaTags.themes  // another partnership's tags are not this one's
            do {
                try await Resources.add(empty, upload: nil, partnershipID: alpha, by: .system("test"), on: db)
                XCTFail()
            } catch let errors as FieldErrors {
                XCTAssertEqual(
                    Set(errors.problems.map(\.field)),
                    ["title", "description", "kind", "file", "themes", "audiences", "objectives"])
            }
            var both = draft("Both", kind: .leaflet, t, link: "https://example.org/x")
            both.kind = LibraryResource.Kind.leaflet.rawValue
            await assertRefused(
                both, upload: .init(fileName: "a.pdf", bytes: pdf), field: "file",
                "Upload a file or give a link, not both", alpha, db)
            for bad in [
                "http://example.org/x", "javascript:alert(1)", "https://localhost/x", "data:text/html,hi",
                "https://exa mple.org",
            ] {
                await assertRefused(
                    draft("Link", kind: .leaflet, t, link: bad), upload: nil, field: "link", nil, alpha, db)
            }
            await assertRefused(
                draft("Poster", kind: .poster, t), upload: .init(fileName: "a.pdf", bytes: pdf), field: "altText", nil,
                alpha, db)
            await assertRefused(
                draft("Film", kind: .video, t, link: "https://example.org/film"), upload: nil, field: "transcript", nil,
                alpha, db)
            let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 20)
            await assertRefused(
                draft("Image", kind: .other, t), upload: .init(fileName: "a.png", bytes: png), field: "altText", nil,
                alpha, db)
            let saved = try await LibraryResource.query(on: db).count()
            let parts = try await ResourceFilePart.query(on: db).count()
            XCTAssertEqual(saved + parts, 0, "nothing is half-saved")
        }
    }

    func assertRefused(
        _ draft: Resources.Draft, upload: Resources.Upload?, field: String, _ message: String?, _ partnershipID: UUID,
        _ db: any Database,
        line: UInt = #line
    ) async {
        do {
            try await Resources.add(draft, upload: upload, partnershipID: partnershipID, by: .system("test"), on: db)
            XCTFail("expected \(field) to be refused", line: line)
        } catch let errors as FieldErrors {
            XCTAssertNotNil(errors.message(for: field), "\(errors.problems)", line: line)
            if let message { XCTAssertEqual(errors.message(for: field), message, line: line) }
        } catch {
            XCTFail("\(error)", line: line)
        }
    }

    /// The web form streams uploads to disk; they are checked and stored from there a megabyte at a time, with the
    /// same verdicts as for bytes in memory — including words that only appear after the first megabyte, or across
    /// the edge between two pieces read.
    func testUploadsOnDiskAreCheckedAndStoredPieceByPiece() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sc-upload-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func onDisk(_ name: String, _ bytes: [UInt8]) throws -> Resources.Upload {
            let path = folder + "/" + UUID().uuidString
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try Resources.Upload(fileName: name, path: path)
        }
        func zip(_ parts: [(at: Int, text: String)], size: Int) -> [UInt8] {
            var bytes = [UInt8](repeating: 0x41, count: size)
            bytes.replaceSubrange(0..<4, with: [0x50, 0x4B, 0x03, 0x04])
            for part in parts {
                bytes.replaceSubrange(part.at..<part.at + part.text.utf8.count, with: Array(part.text.utf8))
            }
            return bytes
        }
        // A Word document whose macro part is named 2.4 MB in, and whose content list straddles the 1 MB edge.
        let edge = Resources.partSize - 8
        let macro = zip(
            [(edge, "[Content_Types].xml"), (1_500_000, "word/document.xml"), (2_400_000, "word/vbaProject.bin")],
            size: 2_600_000)
        for upload in [try onDisk("letter.docx", macro), Resources.Upload(fileName: "letter.docx", bytes: macro)] {
            XCTAssertEqual(upload.size, 2_600_000)
            guard case .failure(let refused) = try UploadCheck.check(upload) else {
                return XCTFail("a document with macros was accepted")
            }
            XCTAssertTrue(refused.description.contains("macros"), refused.description)
        }
        let clean = zip([(edge, "[Content_Types].xml"), (1_500_000, "ppt/slides/slide1.xml")], size: 2_600_000)
        XCTAssertEqual(try UploadCheck.check(try onDisk("talk.pptx", clean)).get(), .pptx)
        // Without the content list it is just a zip file, which is refused.
        guard
            case .failure = try UploadCheck.check(
                try onDisk("talk.pptx", zip([(1_500_000, "ppt/slides/slide1.xml")], size: 2_600_000)))
        else {
            return XCTFail("a plain zip file was accepted")
        }
        // Kind and size limits come from the file on disk too: a 21 MB PDF is refused, a Windows program named .mp4 is.
        guard
            case .failure(let tooBig) = try UploadCheck.check(
                try onDisk("big.pdf", pdf + [UInt8](repeating: 0x20, count: 21_000_000)))
        else {
            return XCTFail("a 21 MB PDF was accepted")
        }
        XCTAssertTrue(tooBig.description.contains("at most 20 MB"), tooBig.description)
        guard
            case .failure(let program) = try UploadCheck.check(
                try onDisk("clip.mp4", Array("MZ".utf8) + [UInt8](repeating: 0, count: 3_000_000)))
        else {
            return XCTFail("a program was accepted")
        }
        XCTAssertTrue(program.description.contains("Windows program"), program.description)

        // A 3.2 MB video from disk is stored in four parts and reads back identical.
        var video = [UInt8](repeating: 0, count: 3_200_000)
        video.replaceSubrange(4..<8, with: Array("ftyp".utf8))
        for i in 8..<video.count { video[i] = UInt8(truncatingIfNeeded: i &* 131) }
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            var clip = draft("Clip", kind: .video, try await tags(alpha, on: db))
            clip.transcript = "Narrator: check who is really asking before you pay."
            clip.captions = "WEBVTT\n\n00:00.000 --> 00:03.000\nCheck who is really asking before you pay.\n"
            clip.credit = "Year 9 media students"
            clip.showsYoungPeople = "no"
            let item = try await Resources.add(
                clip, upload: try onDisk("scam-clip.mp4", video), partnershipID: alpha, by: .system("test"), on: db)
            XCTAssertEqual(item.fileBytes, 3_200_000)
            XCTAssertEqual(item.fileKind, UploadCheck.Kind.mp4.rawValue)
            let parts = try await Resources.partCount(resourceID: item.requireID(), on: db)
            XCTAssertEqual(parts, 4)
            let back = try await Resources.file(resourceID: item.requireID(), on: db)
            XCTAssertEqual(Array(back), video)
        }
    }

    func testFilesAreKeptWholeModeratedAndCounted() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let beta = try await Fixture.partnership("beta", on: db, hasher: hasher).requireID()
            let t = try await tags(alpha, on: db)
            // 2.5 pieces of PDF-looking bytes: stored in three parts, read back identical.
            var big = pdf
            big += (0..<2_500_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            var leaflet = draft("Big leaflet", kind: .leaflet, t)
            leaflet.themes = [t.themes[0], t.themes[0], t.themes[1]]
            let officer = ActingUser(id: nil, email: "officer@alpha.test")
            let item = try await Resources.add(
                leaflet, upload: .init(fileName: "../../etc/big leaflet.pdf", bytes: big), partnershipID: alpha,
                by: officer, on: db)
            XCTAssertEqual(item.fileName, "big-leaflet.pdf", "no folders or spaces in the stored name")
            XCTAssertEqual(item.themeIDs, [t.themes[0], t.themes[1]], "a tag chosen twice is kept once")
            let parts = try await Resources.partCount(resourceID: item.requireID(), on: db)
            XCTAssertEqual(parts, 3)
            let back = try await Resources.file(resourceID: item.requireID(), on: db)
            XCTAssertEqual(Array(back), big)
            XCTAssertEqual(item.status, .pending)
            let publicBefore = try await Resources.published(partnershipID: alpha, on: db)
            XCTAssertTrue(publicBefore.isEmpty, "nothing is public before approval")

            let coordinator = ActingUser(id: nil, email: "coordinator@alpha.test")
            do {
                try await Resources.moderate(item, .reject, note: " ", by: coordinator, on: db)
                XCTFail("turning down needs a reason")
            } catch let errors as FieldErrors { XCTAssertNotNil(errors.message(for: "note")) }
            try await Resources.moderate(item, .publish, note: "", by: coordinator, on: db)
            let link = try await Resources.add(
                draft("Linked", kind: .leaflet, t, link: "https://www.example.org/leaflet"), upload: nil,
                partnershipID: alpha, by: officer, on: db)
            try await Resources.moderate(link, .publish, note: "", by: coordinator, on: db)
            let byTheme = try await Resources.published(partnershipID: alpha, filter: .init(theme: t.themes[1]), on: db)
            XCTAssertEqual(byTheme.map(\.title), ["Big leaflet"])
            let all = try await Resources.published(partnershipID: alpha, on: db)
            XCTAssertEqual(all.count, 2)
            let betaSees = try await Resources.published(partnershipID: beta, on: db)
            XCTAssertTrue(betaSees.isEmpty)
            let other = try await LibraryResource.find(item.requireID(), partnershipID: beta, on: db)
            XCTAssertNil(other)

            // Simultaneous views by different visitors are all counted (the database adds, not the server); the
            // same visitor fetching again and again the same day counts once (issue 20, case 6).
            try await withThrowingTaskGroup(of: Void.self) { group in
                for visitor in 0..<20 {
                    group.addTask {
                        try await Resources.count(
                            .views, resourceID: item.requireID(), visitor: "10.0.0.\(visitor)", on: db)
                    }
                }
                for _ in 0..<7 {
                    group.addTask {
                        try await Resources.count(.downloads, resourceID: item.requireID(), visitor: "10.9.9.9", on: db)
                    }
                }
                try await group.waitForAll()
            }
            var counted = try await LibraryResource.find(item.requireID(), on: db)
            XCTAssertEqual(counted?.views, 20)
            XCTAssertEqual(counted?.downloads, 1, "seven downloads by one visitor in a day count once")
            let nextDay = Date().addingTimeInterval(25 * 60 * 60)
            let again = try await Resources.count(
                .downloads, resourceID: item.requireID(), visitor: "10.9.9.9", on: db, now: nextDay)
            XCTAssertTrue(again, "the next day counts again")
            counted = try await LibraryResource.find(item.requireID(), on: db)
            XCTAssertEqual(counted?.downloads, 2)

            try await Resources.moderate(item, .withdraw, note: "Out of date", by: coordinator, on: db)
            let after = try await Resources.published(partnershipID: alpha, on: db)
            XCTAssertEqual(after.map(\.title), ["Linked"])
            let audit = try await AuditEntry.query(on: db).filter(\.$entity == "resource").all().map(\.summary)
            XCTAssertEqual(
                audit.filter { $0.hasPrefix("Withdrew “Big leaflet” (was published): Out of date") }.count, 1)
            // Kind and status are typed fields (issue 18): an unknown value is an error, not "other" or "pending".
            let stored = try await LibraryResource.find(link.requireID(), on: db)
            XCTAssertEqual(stored?.status, .published)
            try await assertUnknownValueIsAnError(LibraryResource.self, id: link.requireID(), column: "kind", on: db)
        }
    }

    func testLogosMustBeSmallPNGOrJPEG() async throws {
        try await withTestDatabase { db, hasher in
            let alpha = try await Fixture.partnership("alpha", on: db, hasher: hasher).requireID()
            let svg = Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
            do {
                try await Logos.set(
                    .init(fileName: "logo.svg", bytes: svg), partnershipID: alpha, by: .system("test"), on: db)
                XCTFail("an SVG can carry script")
            } catch let errors as FieldErrors {
                XCTAssertEqual(
                    errors.message(for: "logo"),
                    "This file is a web page or SVG (which can carry scripts), not a document, image or video, so it cannot be shared."
                )
            }
            do {
                try await Logos.set(
                    .init(fileName: "logo.pdf", bytes: pdf), partnershipID: alpha, by: .system("test"), on: db)
                XCTFail()
            } catch let errors as FieldErrors {
                XCTAssertEqual(errors.message(for: "logo"), "The logo must be a PNG or JPEG image; this is a PDF")
            }
            let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 1, count: 40)
            try await Logos.set(
                .init(fileName: "logo.png", bytes: png), partnershipID: alpha, by: .system("test"), on: db)
            try await Logos.set(
                .init(fileName: "logo.png", bytes: png + [2]), partnershipID: alpha, by: .system("test"), on: db)
            let logos = try await PartnershipLogo.query(on: db).all()
            XCTAssertEqual(logos.map { Array($0.bytes) }, [png + [2]], "a new logo replaces the old one")
            try await Logos.remove(partnershipID: alpha, by: .system("test"), on: db)
            let none = try await Logos.find(partnershipID: alpha, on: db)
            XCTAssertNil(none)
        }
    }
}
