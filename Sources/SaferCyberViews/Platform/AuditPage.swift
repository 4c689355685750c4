import Foundation
import Plot

/// The audit log, newest first, with filters.
public enum AuditPage {
    public struct Entry: Sendable {
        public var at: String
        public var actor: String
        public var action: String
        public var entity: String
        public var summary: String
        public var before: String?
        public var after: String?
        public init(
            at: String, actor: String, action: String, entity: String, summary: String, before: String?, after: String?
        ) {
            self.at = at
            self.actor = actor
            self.action = action
            self.entity = entity
            self.summary = summary
            self.before = before
            self.after = after
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var entries: [Entry]
        public var total: Int
        public var page: Int
        public var pageCount: Int
        public var actions: [String]
        public var filter: (actor: String, action: String, entity: String, from: String, to: String)
        public var errors: [FormError]
        public init(
            slug: String, entries: [Entry], total: Int, page: Int, pageCount: Int, actions: [String],
            filter: (actor: String, action: String, entity: String, from: String, to: String), errors: [FormError] = []
        ) {
            self.slug = slug
            self.entries = entries
            self.total = total
            self.page = page
            self.pageCount = pageCount
            self.actions = actions
            self.filter = filter
            self.errors = errors
        }

        var query: String {
            [
                ("actor", filter.actor), ("action", filter.action), ("entity", filter.entity), ("from", filter.from),
                ("to", filter.to),
            ]
            .filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: "Audit log", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .h1(.text("Audit log")),
                .p(
                    .text(
                        "Every change and every view of a restricted record is recorded here. Entries cannot be edited or deleted."
                    )),
                filterForm(model),
                .p(
                    .attribute(named: "role", value: "status"),
                    .text("\(model.total) \(model.total == 1 ? "entry" : "entries") found.")),
                TableScroll.region(
                    .table(
                        .caption(.class("visually-hidden"), .text("Audit entries")),
                        .thead(
                            .tr(
                                .th(.text("When (UK time)")), .th(.text("Who")), .th(.text("Action")),
                                .th(.text("What")))),
                        .tbody(.forEach(model.entries) { row($0) })
                    )),
                pager(model)
            ))
    }

    static func filterForm(_ model: Model) -> Node<HTML.BodyContext> {
        .form(
            .action(SiteURL.partnership(slug: model.slug, .audit).path), .method(.get),
            .element(
                named: "div",
                nodes: [
                    Form.input(
                        .init(
                            name: "actor", label: "Who (email address)", value: model.filter.actor, width: "width-half"),
                        errors: model.errors),
                    Form.select(
                        name: "action", label: "Action", options: [("", "Any action")] + model.actions.map { ($0, $0) },
                        selected: model.filter.action, errors: []),
                    Form.input(
                        .init(
                            name: "entity", label: "Kind of record", hint: "For example: user, theme, membership",
                            value: model.filter.entity, width: "width-half"), errors: []),
                    Form.input(
                        .init(
                            name: "from", label: "From date", hint: "For example: 2026-11-01", value: model.filter.from,
                            type: .date, width: "width-third"), errors: model.errors),
                    Form.input(
                        .init(
                            name: "to", label: "To date (inclusive)", value: model.filter.to, type: .date,
                            width: "width-third"),
                        errors: model.errors),
                    .button(.type(.submit), .class("button secondary"), .text("Filter")),
                ]))
    }

    static func row(_ entry: Entry) -> Node<HTML.TableContext> {
        .tr(
            .td(.text(entry.at)), .td(.text(entry.actor)), .td(.text(entry.action)),
            .td(
                .text(entry.summary), .span(.class("hint"), .text(" (\(entry.entity))")),
                .if(
                    entry.before != nil || entry.after != nil,
                    .details(
                        .summary(.text("Before and after")),
                        .unwrap(entry.before) { .p(.text("Before: \($0)")) },
                        .unwrap(entry.after) { .p(.text("After: \($0)")) }))))
    }

    static func pager(_ model: Model) -> Node<HTML.BodyContext> {
        let base =
            SiteURL.partnership(slug: model.slug, .audit).path + "?" + model.query + (model.query.isEmpty ? "" : "&")
        return .nav(
            .attribute(named: "aria-label", value: "Pages of the audit log"),
            .p(
                .if(model.page > 1, .a(.href(base + "page=\(model.page - 1)"), .text("Previous page"))),
                .text(" Page \(model.page) of \(max(1, model.pageCount)) "),
                .if(model.page < model.pageCount, .a(.href(base + "page=\(model.page + 1)"), .text("Next page")))
            ))
    }
}
