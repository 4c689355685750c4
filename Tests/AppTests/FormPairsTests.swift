import Foundation
import NIOCore
import XCTVapor

@testable import App

/// Issue 18: one reader of URL-encoded forms. `FormPairs` keeps every name and value as sent; typed forms are read
/// through it, and a field that was not sent reaches the page's own validation instead of failing the request.
final class FormPairsTests: XCTestCase {
    private struct Sign: Decodable {
        var email: String?
        var password: String?
        var next: String?
        var name: String
        var tags: [String]
    }

    private struct Counted: Decodable { var count: Int }

    func testFormsAreReadByNameWithEveryValueAsSent() async throws {
        let app = try await Application.make(.testing)
        defer { Task { try? await app.asyncShutdown() } }
        func request(_ body: String) -> Request {
            Request(
                application: app, method: .POST, url: "/", collectedBody: ByteBuffer(string: body),
                on: app.eventLoopGroup.next())
        }
        // Percent-encoding and "+" as a space, as browsers send them; a name given twice keeps both values.
        let form = FormPairs(
            request("email=a%40b.test&password=two+words%26more&tags=x&tags=%5B%5D&tags%5B%5D=z&empty="))
        XCTAssertEqual(form.first("email"), "a@b.test")
        XCTAssertEqual(form.first("password"), "two words&more")
        XCTAssertEqual(form.all("tags"), ["x", "[]"])
        XCTAssertEqual(form.all("tags[]"), ["z"])
        XCTAssertEqual(form.fields["tags"], "x", "each name's first value")
        XCTAssertEqual(form.first("empty"), "")
        XCTAssertNil(form.first("missing"))

        let signed = try form.decode(Sign.self)
        XCTAssertEqual(signed.email, "a@b.test")
        XCTAssertEqual(signed.password, "two words&more")
        XCTAssertNil(signed.next, "not sent: nil, for the page's validation to name")
        XCTAssertEqual(signed.name, "", "a required text field not sent reads as empty, not as a failed request")
        XCTAssertEqual(signed.tags, ["x", "[]", "z"], "a list named \"tags\" or \"tags[]\"")

        // A property a form cannot carry is a programming error, said as such.
        XCTAssertThrowsError(try form.decode(Counted.self)) { error in
            XCTAssertTrue("\(error)".contains("named text fields"), "\(error)")
        }
        // Malformed encoding loses only that field.
        XCTAssertEqual(FormPairs(request("a=%ZZ&b=ok")).first("b"), "ok")
    }
}
