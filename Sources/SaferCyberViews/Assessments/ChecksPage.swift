import Foundation
import Plot

/// The partnership's view of resilience checks: figures by sector, size and area (groups under 5 suppressed), the
/// weakest areas per sector, progress of organisations that re-took the check, CSV, and the follow-up list link.
public enum ChecksPage {
    public struct Model: Sendable {
        public var slug: String
        public var checks: [(id: String, title: String)]
        public var current: String
        public var headline: [(label: String, value: String)]
        public var weakest: [(sector: String, count: String, areas: [String])]
        public var tables: [CrimePicturePage.Table]
        public var canSeeContacts: Bool
        public var followUps: Int
        /// The partnership's small-number threshold.
        public var threshold = 5
        /// The quarters a role without exact counts may choose (empty: every check so far), and the one shown.
        public var quarterOptions: [(value: String, label: String)] = []
        public var quarter: String?
        /// Which checks the figures count, for a role that sees one quarter at a time.
        public var counted: String?
        public init(
            slug: String, checks: [(id: String, title: String)], current: String,
            headline: [(label: String, value: String)],
            weakest: [(sector: String, count: String, areas: [String])], tables: [CrimePicturePage.Table],
            canSeeContacts: Bool, followUps: Int
        ) {
            self.slug = slug
            self.checks = checks
            self.current = current
            self.headline = headline
            self.weakest = weakest
            self.tables = tables
            self.canSeeContacts = canSeeContacts
            self.followUps = followUps
        }
    }

    public static func render(_ m: Model, chrome: Chrome) -> String {
        let base = SiteURL.partnership(slug: m.slug, .checks).path
        let inQuarter = m.quarter.map { "&to=\($0)" } ?? ""
        return Page.render(
            title: "Resilience checks", chrome: chrome,
            content: .div(
                .h1(.text("Resilience checks")),
                .p(
                    .text("Organisations take the check at "),
                    .a(.href(SiteURL.publicChecks(slug: m.slug).path), .text(SiteURL.publicChecks(slug: m.slug).path)),
                    .text(
                        (m.quarter == nil
                            ? ". Figures use each organisation's latest check."
                            : ". Figures use the checks completed in the quarter shown, each organisation's latest of those (a re-take's \u{201C}before\u{201D} is its earlier check, whenever that was).")
                            + " Groups of fewer than \(m.threshold) are not shown, and further groups are withheld (their scores \u{201C}–\u{201D}, their counts \u{201C}[c]\u{201D} for those without exact counts) so that a small group cannot be worked out from the others or from another table."
                    )),
                .nav(
                    .attribute(named: "aria-label", value: "Check"),
                    .ul(
                        .class("inline-links"),
                        .forEach(m.checks) { check in
                            .li(
                                .a(
                                    .href(base + "?check=\(check.id)" + inQuarter),
                                    .if(check.id == m.current, .attribute(named: "aria-current", value: "page")),
                                    .text(check.title)))
                        })),
                .if(
                    !m.quarterOptions.isEmpty,
                    Form.quarterPicker(
                        action: .partnership(slug: m.slug, .checks),
                        why:
                            "Your role sees the checks completed in one complete quarter at a time: figures counted again with a few more checks would give those few organisations' answers.",
                        options: m.quarterOptions, selected: m.quarter, keeping: [("check", m.current)])),
                .unwrap(m.counted) { .p(.class("hint"), .text($0)) },
                .dl(
                    .class("figures inline-figures"),
                    .forEach(m.headline) { .group(.dt(.text($0.label)), .dd(.text($0.value))) }),
                .if(
                    m.canSeeContacts,
                    .p(
                        .a(
                            .href(SiteURL.partnership(slug: m.slug, .checkFollowUps).path),
                            .text("Organisations asking for follow-up (\(m.followUps))")))),
                .h2(.text("Weakest areas by sector")),
                m.weakest.isEmpty
                    ? .p(.text("No sector has \(m.threshold) or more organisations yet."))
                    : .ul(
                        .forEach(m.weakest) { entry in
                            .li(
                                .strong(.text("\(entry.sector) (\(entry.count) organisations): ")),
                                .text(entry.areas.joined(separator: "; ")))
                        }),
                .forEach(m.tables) { table in
                    FigureTable.render(
                        table, download: base + "/export.csv?check=\(m.current)&table=\(table.key)" + inQuarter)
                }
            ))
    }
}

/// Organisations that asked a partnership officer to contact them. Every visit is in the audit log.
public enum CheckFollowUpsPage {
    public struct Row: Sendable {
        public var id: String, organisation: String, contact: String, email: String, phone: String, sector: String,
            size: String, area: String
        public var check: String, score: String, completed: String, contacted: String?
        public init(
            id: String, organisation: String, contact: String, email: String, phone: String, sector: String,
            size: String, area: String,
            check: String, score: String, completed: String, contacted: String?
        ) {
            self.id = id
            self.organisation = organisation
            self.contact = contact
            self.email = email
            self.phone = phone
            self.sector = sector
            self.size = size
            self.area = area
            self.check = check
            self.score = score
            self.completed = completed
            self.contacted = contacted
        }
    }

    public static func render(slug: String, rows: [Row], chrome: Chrome) -> String {
        Page.render(
            title: "Follow-up requests – Resilience checks", chrome: chrome,
            content: .div(
                .p(
                    .a(
                        .class("back-link"), .href(SiteURL.partnership(slug: slug, .checks).path),
                        .text("Back to resilience checks"))),
                .h1(.text("Organisations asking for follow-up")),
                .p(
                    .text(
                        "These organisations agreed to be contacted about free help. Use the details only for that; your visit to this page is recorded in the audit log."
                    )),
                rows.isEmpty
                    ? .p(.text("No requests yet."))
                    : TableScroll.region(
                        .table(
                            .class("table"),
                            .caption(.class("visually-hidden"), .text("Follow-up requests")),
                            .thead(
                                .tr(
                                    .th(.text("Organisation")), .th(.text("Contact")), .th(.text("Sector, size, area")),
                                    .th(.text("Check")),
                                    .th(.class("numeric"), .text("Score")), .th(.text("Completed")),
                                    .th(.text("Contacted")))),
                            .tbody(
                                .forEach(rows) { row in
                                    .tr(
                                        .td(.text(row.organisation)),
                                        .td(
                                            .text(row.contact), .br(),
                                            .if(!row.email.isEmpty, .a(.href(mailto(row.email)), .text(row.email))),
                                            .if(!row.phone.isEmpty, .group(.br(), .text(row.phone)))),
                                        .td(
                                            .text(
                                                [row.sector, row.size, row.area].filter { !$0.isEmpty }.joined(
                                                    separator: ", "))),
                                        .td(.text(row.check)), .td(.class("numeric"), .text(row.score)),
                                        .td(.text(row.completed)),
                                        .td(
                                            row.contacted.map { .text($0) }
                                                ?? Form.postButton(
                                                    to: .partnership(slug: slug, .checkContacted(id: row.id)),
                                                    label: "Mark as contacted",
                                                    csrf: chrome.csrfToken, context: row.organisation)))
                                })))
            ))
    }
}

/// A mailto link to one address: `?`, `&`, `=`, `%` and the like are percent-encoded, so an address typed by the
/// public cannot add recipients or a message body to the staff member's email.
func mailto(_ address: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "@.-_+'")
    return "mailto:" + (address.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
}
