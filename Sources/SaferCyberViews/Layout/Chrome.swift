/// What every page's frame needs to know: who is signed in, where they are, and the form token.
public struct Chrome: Sendable {
    public struct NavItem: Sendable {
        public var label: String
        public var url: SiteURL
        public init(label: String, url: SiteURL) {
            self.label = label
            self.url = url
        }
    }

    public var userName: String?
    public var csrfToken: String
    public var partnershipName: String?
    public var nav: [NavItem]
    /// The page being shown, so the matching navigation link is marked as current.
    public var current: SiteURL?
    /// A partnership's public pages add its colour stylesheet.
    public var brandStylesheet: SiteURL?
    /// On a partnership's public pages, the footer links to its privacy notice and accessibility statement.
    public var publicSlug: String?

    public init(
        userName: String? = nil, csrfToken: String = "", partnershipName: String? = nil, nav: [NavItem] = [],
        current: SiteURL? = nil
    ) {
        self.userName = userName
        self.csrfToken = csrfToken
        self.partnershipName = partnershipName
        self.nav = nav
        self.current = current
    }

    /// A signed-out visitor.
    public static func anonymous(csrfToken: String) -> Chrome { Chrome(csrfToken: csrfToken) }

    /// A public page of partnership `slug`, in its colours.
    public static func publicPage(slug: String, csrfToken: String = "") -> Chrome {
        var chrome = Chrome(csrfToken: csrfToken)
        chrome.brandStylesheet = .publicBrand(slug: slug)
        chrome.publicSlug = slug
        return chrome
    }
}

/// One problem with what was typed, tied to its field's id.
public struct FormError: Sendable, Equatable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

extension Array where Element == FormError {
    func message(for field: String) -> String? { first { $0.field == field }?.message }
}
