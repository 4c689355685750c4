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

    /// Punycode against RFC 3492's own examples (section 7.1: (A) Arabic, (C) Czech, (L) Japanese) and values from
    /// Python's independent `punycode` codec ("bücher".encode("punycode") and so on), recorded here.
    func testPunycodeMatchesRFC3492AndPython() {
        let cases: [(String, String)] = [
            ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
            ("Pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a"),
            ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
            ("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("ñandú", "and-6ma2c"), ("例え", "r8jz45g"),
            ("中国", "fiqs8s"), ("παράδειγμα", "hxajbheg2az3al"), ("пример", "e1afmkfd"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(InternationalEmail.punycode(text), expected, text)
        }
    }

    /// A domain outside ASCII is written with IDNA labels (Python: "bücher.example".encode("idna") gives
    /// b"xn--bcher-kva.example"); a local part outside ASCII has no ASCII form and needs SMTPUTF8.
    func testAddressesAreWrittenInASCIIWherePossible() {
        XCTAssertEqual(InternationalEmail.asciiForm("info@bücher.example"), "info@xn--bcher-kva.example")
        XCTAssertEqual(InternationalEmail.asciiForm("info@MÜNCHEN.de"), "info@xn--mnchen-3ya.de")
        XCTAssertEqual(InternationalEmail.asciiForm("jane@example.org"), "jane@example.org")
        XCTAssertNil(InternationalEmail.asciiForm("zoë@example.org"))
        XCTAssertEqual(InternationalEmail.withASCIIDomain("zoë@bücher.example"), "zoë@xn--bcher-kva.example")
        // Review findings: full-width letters are mapped as IDNA maps them; a label too long for DNS once written in
        // ASCII, and a character that maps to a space, are not addresses.
        XCTAssertEqual(InternationalEmail.asciiDomain("ＥＸＡＭＰＬＥ.com"), "example.com")
        // 21 characters, 63 bytes of UTF-8, 66 in ASCII: "xn--" and 62 more (Python: len(s.encode("punycode")) == 62).
        XCTAssertFalse(Accounts.isPlausibleEmail("a@中文字典网站测试例子邮件地址国际化域名长度.cn"))
        XCTAssertTrue(Accounts.isPlausibleEmail("a@中文字典网站测试例子.cn"))
        XCTAssertFalse(Accounts.isPlausibleEmail("a@x\u{FDFA}.com"))
        // "ü" written as u + combining diaeresis is the same name: normal form C first.
        XCTAssertEqual(InternationalEmail.asciiDomain("bu\u{308}cher.example"), "xn--bcher-kva.example")
    }
}
