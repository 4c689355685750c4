import Foundation
import Plot

/// Requests for a restricted role (the safeguarding role) waiting for a second person: shown to the role's holders,
/// who approve or refuse those they did not ask for and are not the subject of; and, read-only, to coordinators.
public enum RoleRequestsPage {
    public struct Item: Sendable {
        public var id: String
        public var name: String
        public var email: String
        public var role: String
        public var requestedBy: String
        public var requestedAt: String
        /// Why this viewer cannot decide it (nil: they can).
        public var cannotDecide: String?
        public init(
            id: String, name: String, email: String, role: String, requestedBy: String, requestedAt: String,
            cannotDecide: String?
        ) {
            self.id = id
            self.name = name
            self.email = email
            self.role = role
            self.requestedBy = requestedBy
            self.requestedAt = requestedAt
            self.cannotDecide = cannotDecide
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var items: [Item]
        public var notice: String?
        public var errors: [FormError]
        public init(slug: String, items: [Item], notice: String? = nil, errors: [FormError] = []) {
            self.slug = slug
            self.items = items
            self.notice = notice
            self.errors = errors
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "Requests for the safeguarding role", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .h1(.text("Requests for the safeguarding role")),
                .p(
                    .text(
                        "The safeguarding role opens every young person's referral, so it takes effect only when another safeguarding lead of this partnership approves it: not the person who asked for it, and not the person receiving it. Until then the person keeps their current role (a new member joins as a viewer)."
                    )),
                .div(
                    .class("notice"),
                    .p(
                        .strong(.text("Check who it is first. ")),
                        .text(
                            "The invitation link was handed to the person by whoever asked for the role, so an account here proves only that someone opened that link. Before approving, confirm with the named person by a channel you already trust (in person, or a phone number you know) that the account is theirs and that they should see young people's records."
                        ))),
                table(model, csrf: chrome.csrfToken, decide: true)))
    }

    /// The waiting requests; with `decide`, the approve and refuse buttons for those this viewer may decide.
    public static func table(_ model: Model, csrf: String, decide: Bool) -> Node<HTML.BodyContext> {
        guard !model.items.isEmpty else { return .p(.text("No requests are waiting.")) }
        return TableScroll.region(
            .table(
                .caption(.text("Waiting for a second person's approval")),
                .thead(
                    .tr(
                        .th(.text("Person")), .th(.text("Role")), .th(.text("Asked by")), .th(.text("Asked on")),
                        .if(decide, .th(.text("Decision"))))),
                .tbody(
                    .forEach(model.items) { item in
                        .tr(
                            .td(.text("\(item.name) (\(item.email))")), .td(.text(item.role)),
                            .td(.text(item.requestedBy)), .td(.text(item.requestedAt)),
                            .if(
                                decide,
                                .td(
                                    .unwrap(item.cannotDecide) { .text($0) },
                                    .if(
                                        item.cannotDecide == nil,
                                        .group(
                                            Form.postButton(
                                                to: .partnership(slug: model.slug, .roleRequest(id: item.id)),
                                                label: "Approve", csrf: csrf, style: "button", action: "approve",
                                                context: "the \(item.role) role for \(item.name)"),
                                            Form.postButton(
                                                to: .partnership(slug: model.slug, .roleRequest(id: item.id)),
                                                label: "Refuse", csrf: csrf, style: "button warning",
                                                action: "refuse", context: "the \(item.role) role for \(item.name)"))
                                    ))))
                    })))
    }
}
