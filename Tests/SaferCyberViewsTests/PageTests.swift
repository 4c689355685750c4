import Foundation
import SaferCyberViews
import XCTest

/// Pages rendered from plain models: the accessibility and safety features people rely on are present.
final class PageTests: XCTestCase {
    func testSignInWithErrorsShowsAnErrorSummaryLinkedToTheField() {
        let html = SignInPage.render(
            .init(
                email: "a@b.test",
                errors: [FormError(field: "email", message: "The email address or password is not correct")]),
            chrome: .anonymous(csrfToken: "token123"))
        XCTAssertTrue(html.contains("<title>Error: Sign in – SaferCyber</title>"))
        XCTAssertTrue(html.contains(#"<div class="error-summary" role="alert""#))
        XCTAssertTrue(html.contains(##"<a href="#email">The email address or password is not correct</a>"##))
        XCTAssertTrue(html.contains(#"aria-invalid="true""#))
        XCTAssertTrue(html.contains(#"aria-describedby="email-error""#))
        XCTAssertTrue(html.contains(#"<input type="hidden" name="csrf" value="token123"/>"#))
    }

    func testEveryPageHasSkipLinkLandmarksAndNoInlineScript() {
        let chrome = Chrome(
            userName: "Chris", csrfToken: "t", partnershipName: "Demo",
            nav: [.init(label: "Home", url: .partnership(slug: "demo", .home))],
            current: .partnership(slug: "demo", .home))
        let html = PartnershipHomePage.render(
            .init(
                partnershipName: "Demo", slug: "demo", role: "Coordinator", roleSummary: "Runs it.",
                figures: [("Themes", "6")], modules: [.init(title: "Events", summary: "Sessions")]), chrome: chrome)
        XCTAssertTrue(html.contains(##"<a class="skip-link" href="#main-content">Skip to main content</a>"##))
        XCTAssertTrue(html.contains(#"<main id="main-content""#))
        XCTAssertTrue(html.contains("<header"))
        XCTAssertTrue(html.contains(#"<nav class="site-nav" aria-label="Partnership">"#))
        XCTAssertTrue(html.contains(#"<a href="/app/p/demo" aria-current="page">Home</a>"#))
        XCTAssertTrue(html.contains(#"<html lang="en">"#))
        XCTAssertFalse(html.contains("<script"), "no inline script: the CSP forbids it")
        XCTAssertFalse(html.contains("style="), "no inline styles: the CSP forbids them")
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no external assets")
    }

    func testTextIsEscaped() {
        let html = ErrorPage.render(
            .init(title: "<script>alert(1)</script>", message: "Tom & Jerry"), chrome: .anonymous(csrfToken: ""))
        XCTAssertFalse(html.contains("<script>alert(1)</script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;"))
        XCTAssertTrue(html.contains("Tom &amp; Jerry"))
    }

    func testSettingsFieldIdsAreUniqueOnThePage() throws {
        let items = (1...3).map { SettingsPage.Item(id: "id\($0)", name: "Item \($0)") }
        let html = SettingsPage.render(
            .init(
                slug: "demo", partnershipName: "Demo", canEdit: true,
                lists: [
                    .init(key: "themes", title: "Themes", singular: "theme", items: items),
                    .init(key: "audiences", title: "Audiences", singular: "audience", items: items),
                ],
                partnerKinds: [("police", "Police")]),
            chrome: .anonymous(csrfToken: "t"))
        let regex = try NSRegularExpression(pattern: #" id="([^"]+)""#)
        let ids = regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 1), in: html)!])
        }
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids: \(ids)")
        XCTAssertTrue(html.contains("Add an audience"))
        XCTAssertTrue(html.contains("Add a theme"))
    }

    func testSiteURLsBuildTheAddressesRoutesUse() {
        XCTAssertEqual(
            SiteURL.partnership(slug: "demo", .settingsRename(list: "themes", id: "42")).path,
            "/app/p/demo/settings/themes/42/rename")
        XCTAssertEqual(SiteURL.partnership(slug: SiteURL.param("slug"), .audit).path, "/app/p/:slug/audit")
        XCTAssertEqual(SiteURL.api(.openAPI).path, "/api/v1/openapi.json")
        XCTAssertEqual(SiteURL.publicHome(slug: "demo").path, "/p/demo")
    }
}
