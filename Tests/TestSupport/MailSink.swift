import Foundation

/// A real SMTP server for tests: `scripts/mail_sink.py` (aiosmtpd), which parses every message with Python's own
/// email package and writes it as JSON. Independent of the Swift MIME writer it checks.
public final class MailSink: @unchecked Sendable {
    public struct Received: Decodable, Sendable {
        public struct Attachment: Decodable, Sendable {
            public var filename: String
            public var contentType: String
            public var content: String
            enum CodingKeys: String, CodingKey {
                case filename, content
                case contentType = "content_type"
            }
        }
        public var mailFrom: String
        public var rcptTos: [String]
        public var headers: [String: String]
        public var subject: String
        public var text: String?
        public var html: String?
        public var attachments: [Attachment]
        enum CodingKeys: String, CodingKey {
            case headers, subject, text, html, attachments
            case mailFrom = "mail_from"
            case rcptTos = "rcpt_tos"
        }
    }

    public let port: Int
    public let folder: String
    private let process: Process

    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// Starts the server with the given options (`--starttls`, `--implicit`, `--auth user:pass`, `--hang`,
    /// `--reject domain`, `--tempfail domain`) and waits until it listens.
    /// `script` may be `notify_stub.py` (a stand-in for GOV.UK Notify's API, which writes each notification as JSON).
    public init(_ options: [String] = [], script: String = "mail_sink.py") throws {
        folder = NSTemporaryDirectory() + "mail-sink-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", MailSink.repositoryRoot + "/scripts/" + script, "--dir", folder] + options
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // "ready <port>" on the first line.
        var line = Data()
        let handle = output.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, words[0] == "ready", let port = Int(words[1]) else {
            process.terminate()
            throw NSError(
                domain: "MailSink", code: 1,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        "scripts/\(script) did not start (is aiosmtpd installed? scripts/require-tools installs it)"
                ])
        }
        self.port = port
    }

    /// The throwaway certificate's file (with `--starttls` or `--implicit`).
    public var certificateFile: String { folder + "/ca.pem" }

    /// Every file the server wrote, decoded as `T` (the Notify stub's notifications).
    public func records<T: Decodable>(_ type: T.Type) throws -> [T] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.map {
            try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        }
    }

    /// Every message received so far, oldest first.
    public func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.map {
            try JSONDecoder().decode(Received.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
        }
    }

    /// Stops the server. (Process.waitUntilExit can hang on Linux outside the main run loop, so this only polls.)
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
