import SaferCyberCore
import XCTest

/// Issue 20, case 1: the follow-up email that injected a <meta refresh> into a staff page is not an address.
final class EmailAddressTests: XCTestCase {
    func testRefusesAddressesThatCarryMarkup() {
        for bad in [
            #"x"><meta/http-equiv="refresh"/content="0;url=https://evil.example/"><a/x="@a.co"#,
            "<script>@a.co", "a@b.co>", #""quoted"@example.org"#, "a b@example.org", "a@example", "a@.example.org",
            "a@example..org", ".a@example.org", "a.@example.org", "a..b@example.org", "a@-example.org",
            "a@example-.org", "a(comment)@example.org", "a,b@example.org", "a;b@example.org", "a@[127.0.0.1]",
            "a\u{0}@example.org", "a\n@example.org", "@example.org", "a@", "a@@example.org",
            String(repeating: "a", count: 65) + "@example.org",
        ] {
            XCTAssertFalse(Accounts.isPlausibleEmail(bad), bad)
        }
    }

    func testAcceptsRealAddresses() {
        for good in [
            "jane.smith@force.police.uk", "o'brien@example.co.uk", "name+tag@gmail.com", "first_last@council.gov.uk",
            "x@a.co", "info@münchen.de", "a-b@sub-domain.example.org",
        ] {
            XCTAssertTrue(Accounts.isPlausibleEmail(good), good)
        }
    }
}
