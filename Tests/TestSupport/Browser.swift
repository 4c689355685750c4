import Fluent
import Foundation
import NIOCore
import SaferCyberCore
import XCTVapor

/// A minimal browser for route tests: keeps cookies, finds the form token on the last page, and sends
/// Origin and Host headers like a real browser does.
public final class Browser {
    public let app: Application
    public var cookies: [String: String] = [:]
    public var csrf: String = ""
    public let origin = "http://127.0.0.1:8080"
    /// Sent with every request (e.g. X-Forwarded-For, as a reverse proxy would add it).
    public var extraHeaders: HTTPHeaders = [:]

    public init(_ app: Application) { self.app = app }

    public struct Page {
        public var status: HTTPStatus
        public var headers: HTTPHeaders
        public var body: String
        /// The body's bytes as sent (a PDF, an image).
        public var bytes: [UInt8] = []
        public var location: String? { headers.first(name: .location) }
    }

    @discardableResult
    public func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil, extraHeaders: [:])
    }

    /// Posts a form with this browser's CSRF token unless `csrf` is given (pass "" to send none).
    @discardableResult
    public func post(
        _ path: String, _ fields: [String: String] = [:], csrf: String? = nil, origin: String?? = nil,
        referer: String? = nil
    ) async throws -> Page {
        var form = fields
        let token = csrf ?? self.csrf
        if !token.isEmpty { form["csrf"] = token }
        let encoded = form.map { key, value in "\(escape(key))=\(escape(value))" }.joined(separator: "&")
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        let sentOrigin = origin ?? self.origin
        if let sentOrigin { headers.add(name: .origin, value: sentOrigin) }
        if let referer { headers.add(name: .referer, value: referer) }
        return try await send(.POST, path, body: encoded, extraHeaders: headers)
    }

    /// Posts a form whose fields may repeat (checkboxes, hidden answers), in order, with this browser's CSRF token.
    @discardableResult
    public func post(_ path: String, pairs: [(String, String)]) async throws -> Page {
        let encoded = ([("csrf", csrf)] + pairs).map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        headers.add(name: .origin, value: origin)
        return try await send(.POST, path, body: encoded, extraHeaders: headers)
    }

    /// The hidden fields of the last form on a page, as (name, value) pairs, unescaped.
    public static func hiddenFields(_ body: String) -> [(String, String)] {
        let pattern = #"type="hidden" name="([^"]+)" value="([^"]*)""#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(body.startIndex..., in: body)
        return regex.matches(in: body, range: range).compactMap { match in
            guard let name = Range(match.range(at: 1), in: body), let value = Range(match.range(at: 2), in: body) else {
                return nil
            }
            let unescape = { (text: Substring) in
                String(text).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
            return (unescape(body[name]), unescape(body[value]))
        }.filter { $0.0 != "csrf" }
    }

    /// Posts a multipart form with one file, as a browser's file upload does; the CSRF token goes in the body.
    @discardableResult
    public func upload(
        _ path: String, _ fields: [String: String], fileField: String, fileName: String, content: String,
        csrf: String? = nil
    ) async throws -> Page {
        let boundary = "----SaferCyberTest\(UUID().uuidString)"
        var body = ""
        var all = fields
        let token = csrf ?? self.csrf
        if !token.isEmpty { all["csrf"] = token }
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n"
        body += content + "\r\n--\(boundary)--\r\n"
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        headers.add(name: .origin, value: origin)
        return try await send(.POST, path, body: body, extraHeaders: headers)
    }

    /// Posts a multipart form whose fields may repeat, with a file of any bytes (or no file when `bytes` is nil).
    @discardableResult
    public func upload(_ path: String, pairs: [(String, String)], fileField: String, fileName: String, bytes: [UInt8]?)
        async throws -> Page
    {
        let boundary = "----SaferCyberTest\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in [("csrf", csrf)] + pairs {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(bytes == nil ? "" : fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        body.writeBytes(bytes ?? [])
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        headers.add(name: .origin, value: origin)
        return try await send(.POST, path, buffer: body, extraHeaders: headers)
    }

    /// Posts a multipart form with several files (a video and its captions), fields first, with this browser's token
    /// unless `csrf` is given.
    @discardableResult
    public func upload(
        _ path: String, pairs: [(String, String)], files: [(field: String, name: String, bytes: [UInt8])],
        csrf: String? = nil
    ) async throws -> Page {
        let boundary = "----SaferCyberTest\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in [("csrf", csrf ?? self.csrf)] + pairs {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        headers.add(name: .origin, value: origin)
        return try await send(.POST, path, buffer: body, extraHeaders: headers)
    }

    /// Signs in (fetching the form first for its token). Returns the response to the POST.
    @discardableResult
    public func signIn(_ email: String, password: String = Fixture.password) async throws -> Page {
        try await get("/app/sign-in")
        let page = try await post("/app/sign-in", ["email": email, "password": password])
        // Two-step sign-in is on (administrators, safeguarding leads): answer with a fresh recovery code, as a person
        // would with their app (TwoFactorRouteTests covers the app's codes).
        guard page.location?.hasPrefix("/app/sign-in/code") == true,
            let user = try await User.query(on: app.db).filter(\.$email == User.normalise(email: email)).first()
        else { return page }
        let code = try await TwoFactor.replaceRecoveryCodes(userID: user.requireID(), on: app.db)[0]
        try await get(page.location!)
        return try await post("/app/sign-in/code", ["code": code])
    }

    func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    func send(_ method: HTTPMethod, _ path: String, body: String?, extraHeaders: HTTPHeaders) async throws -> Page {
        try await send(method, path, buffer: body.map { ByteBuffer(string: $0) }, extraHeaders: extraHeaders)
    }

    func send(_ method: HTTPMethod, _ path: String, buffer: ByteBuffer?, extraHeaders: HTTPHeaders) async throws -> Page
    {
        var headers = extraHeaders
        for (name, value) in self.extraHeaders { headers.add(name: name, value: value) }
        // A test may claim another host (a forged Host header) through extraHeaders.
        if !headers.contains(name: .host) { headers.add(name: .host, value: "127.0.0.1:8080") }
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testable().sendRequest(method, path, headers: headers, body: buffer)
        for header in response.headers["Set-Cookie"] {
            let pair = header.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false
            ).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || header.contains("Max-Age=0") {
                cookies[pair[0]] = nil
            } else {
                cookies[pair[0]] = pair[1]
            }
        }
        let text = response.body.string
        if let range = text.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(text[range].split(separator: "\"")[3])
        }
        return Page(
            status: response.status, headers: response.headers, body: text,
            bytes: response.body.getBytes(at: response.body.readerIndex, length: response.body.readableBytes) ?? [])
    }
}
