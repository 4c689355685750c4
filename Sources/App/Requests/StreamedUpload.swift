import Foundation
import MultipartKit
import NIOCore
import SaferCyberCore
import Vapor

/// A multipart form read as it arrives: small fields kept, the file part written to disk.
struct UploadedForm: Sendable {
    var fields: [String: String] = [:]
    /// Every value of each field, for fields sent more than once (checkboxes).
    var lists: [String: [String]] = [:]
    var fileName = ""
    var fileBytes = 0
    var textFileNames: [String: String] = [:]

    /// `fieldLimit` caps each text field (longer text is cut), so only the file can be large.
    /// `textFiles`: file fields kept as text fields (small files like captions), cut at `fieldLimit`; their file
    /// names are in `textFileNames`.
    static func receive(
        _ body: Request.Body, boundary: String, filePath: String, limit: Int, fieldLimit: Int = 4096,
        textFiles: Set<String> = []
    ) async throws -> UploadedForm {
        FileManager.default.createFile(atPath: filePath, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: filePath) else {
            throw Abort(.internalServerError, reason: "Could not store the upload.")
        }
        defer { try? handle.close() }
        let state = UploadState(handle: handle, fieldLimit: fieldLimit, textFiles: textFiles)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.complete() }
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            if received > limit {
                throw Abort(
                    .payloadTooLarge,
                    reason:
                        "The file is larger than this server accepts. Split it, or ask the administrator to raise UPLOAD_MAX_SIZE."
                )
            }
            try parser.execute(chunk)
            if let error = state.error { throw error }
        }
        return state.form
    }
}

/// Parser callbacks run one at a time on the request's task; this box just collects what they see.
private final class UploadState: @unchecked Sendable {
    let handle: FileHandle
    var form = UploadedForm()
    var name = ""
    var isFile = false
    var value = Data()
    var error: (any Error)?

    let fieldLimit: Int
    let textFiles: Set<String>

    init(handle: FileHandle, fieldLimit: Int, textFiles: Set<String>) {
        self.handle = handle
        self.fieldLimit = fieldLimit
        self.textFiles = textFiles
    }

    func header(_ field: String, _ text: String) {
        guard field.lowercased() == "content-disposition" else { return }
        name = Self.parameter("name", in: text) ?? ""
        if let file = Self.parameter("filename", in: text) {
            if textFiles.contains(name) {
                form.textFileNames[name] = String(file.prefix(200))
            } else {
                isFile = true
                form.fileName = String(file.prefix(200))
            }
        }
    }

    func body(_ buffer: inout ByteBuffer) {
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if isFile {
            do { try handle.write(contentsOf: bytes) } catch { self.error = error }
            form.fileBytes += bytes.count
        } else if value.count < fieldLimit {
            value.append(contentsOf: bytes.prefix(fieldLimit - value.count))
        }
    }

    func complete() {
        if !isFile {
            let text = String(decoding: value, as: UTF8.self)
            form.fields[name] = text
            form.lists[name, default: []].append(text)
        }
        name = ""
        isFile = false
        value = Data()
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == key {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

extension Request {
    /// The one way an upload is received (issue 18): the multipart body streamed to a temporary file (never held
    /// in memory; the file is removed when `handle` returns), then the form token checked — the CSRF middleware
    /// leaves streamed routes to this, as it would otherwise have to read the whole body. `suffix` names the
    /// temporary file; `limit` caps the whole body, `fieldLimit` each text field; `textFiles` are small file fields
    /// kept as text (captions). Nil when the request is not a multipart form at all, for the page to say "Choose a
    /// file".
    func streamedUpload<T>(
        suffix: String, limit: Int, fieldLimit: Int = 4096, textFiles: Set<String> = [],
        expired: String =
            "This form has expired or was not sent from SaferCyber. Go back, refresh the page and try again.",
        _ handle: (UploadedForm, String) async throws -> T
    ) async throws -> T? {
        guard let boundary = headers.contentType?.parameters["boundary"] else { return nil }
        let folder = application.config.dataDirectory + "/uploads"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/\(UUID().uuidString).\(suffix)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let form = try await UploadedForm.receive(
            body, boundary: boundary, filePath: path, limit: limit, fieldLimit: fieldLimit, textFiles: textFiles)
        guard let sent = form.fields["csrf"], !sent.isEmpty, Secrets.constantTimeEquals(sent, csrfToken) else {
            throw Abort(.forbidden, reason: expired)
        }
        return try await handle(form, path)
    }
}
