import Plot

/// The people in a partnership, their roles, and invitations.
public enum UsersPage {
    public struct Member: Sendable {
        public var userID: String
        public var name: String
        public var email: String
        public var role: String
        public var roleLabel: String
        public var isDisabled: Bool
        /// The member's partner organisation (id and name; "" when none is recorded).
        public var partnerID = ""
        public var partnerName = ""
        public init(userID: String, name: String, email: String, role: String, roleLabel: String, isDisabled: Bool) {
            self.userID = userID
            self.name = name
            self.email = email
            self.role = role
            self.roleLabel = roleLabel
            self.isDisabled = isDisabled
        }
    }

    public struct Model: Sendable {
        public var slug: String
        public var members: [Member]
        public var invitations: [(email: String, role: String, expires: String)]
        public var roles: [(value: String, label: String)]
        public var errors: [FormError]
        public var inviteEmail: String
        public var inviteRole: String?
        /// The one-time link just created, shown once.
        public var newInvitationLink: String?
        public var notice: String?
        /// Restricted roles asked for and waiting for a second person (shown without buttons here).
        public var requests: [RoleRequestsPage.Item] = []
        /// Email is set up: the invitation is emailed to the person, never shown here.
        public var emailSends = false
        /// The partnership's organisations, for recording whom each member works for.
        public var partners: [(value: String, label: String)] = []
        public init(
            slug: String, members: [Member], invitations: [(email: String, role: String, expires: String)],
            roles: [(value: String, label: String)], errors: [FormError] = [], inviteEmail: String = "",
            inviteRole: String? = nil, newInvitationLink: String? = nil, notice: String? = nil
        ) {
            self.slug = slug
            self.members = members
            self.invitations = invitations
            self.roles = roles
            self.errors = errors
            self.inviteEmail = inviteEmail
            self.inviteRole = inviteRole
            self.newInvitationLink = newInvitationLink
            self.notice = notice
        }
    }

    public static func render(_ model: Model, chrome: Chrome) -> String {
        Page.render(
            title: (model.errors.isEmpty ? "" : "Error: ") + "People", chrome: chrome,
            content: .div(
                Form.errorSummary(model.errors),
                .unwrap(model.notice) {
                    .div(.class("notice success"), .attribute(named: "role", value: "status"), .p(.text($0)))
                },
                .unwrap(model.newInvitationLink) { link in
                    .div(
                        .class("notice success"), .attribute(named: "role", value: "status"),
                        .h2(.text("Invitation created")),
                        .p(
                            .text(
                                "Copy this link and send it to the person yourself. It works once and expires in 7 days. It will not be shown again."
                            )),
                        .code(.class("secret"), .text(link)))
                },
                .h1(.text("People")),
                membersTable(model, csrf: chrome.csrfToken),
                .if(!model.invitations.isEmpty, invitationsTable(model)),
                .if(
                    !model.requests.isEmpty,
                    .group(
                        .h2(.text("Waiting for approval")),
                        .p(
                            .text(
                                "The safeguarding role takes effect only when another safeguarding lead approves it (or, for a partnership's first, the deployment's operator from the command line)."
                            )),
                        RoleRequestsPage.table(
                            .init(slug: model.slug, items: model.requests), csrf: chrome.csrfToken, decide: false))),
                .h2(.text("Invite someone")),
                Form.post(
                    to: .partnership(slug: model.slug, .invite), csrf: chrome.csrfToken,
                    Form.input(
                        .init(
                            name: "email", label: "Email address", value: model.inviteEmail, type: .email,
                            autocomplete: "off"), errors: model.errors),
                    Form.select(
                        name: "role", label: "Role", options: [("", "Choose a role")] + model.roles,
                        selected: model.inviteRole, errors: model.errors),
                    .p(
                        .class("hint"),
                        .text(
                            model.emailSends
                                ? "We email the person a link to join. Only they receive it."
                                : "This server does not send email, so you will see a one-time link to give the person yourself."
                        )),
                    Form.submit(model.emailSends ? "Send the invitation" : "Create invitation link"))
            ))
    }

    static func membersTable(_ model: Model, csrf: String) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .caption(.text("Members")),
                .thead(
                    .tr(
                        .th(.text("Name")), .th(.text("Email")), .th(.text("Role")), .th(.text("Organisation")),
                        .th(.text("Change")))),
                .tbody(
                    .forEach(model.members) { member in
                        .tr(
                            .td(.text(member.name), .if(member.isDisabled, .span(.class("tag"), .text(" Disabled")))),
                            .td(.text(member.email)), .td(.text(member.roleLabel)),
                            .td(
                                member.partnerName.isEmpty
                                    ? .text(
                                        member.role == "officer"
                                            ? "Not recorded: can change every organisation's events and actions"
                                            : "Not recorded")
                                    : .text(member.partnerName)),
                            .td(memberActions(member, model: model, csrf: csrf)))
                    })
            ))
    }

    static func memberActions(_ member: Member, model: Model, csrf: String) -> Node<HTML.BodyContext> {
        Form.disclosure(
            "Change role or remove", hidden: " for \(member.name)",
            Form.post(
                to: .partnership(slug: model.slug, .memberRole(userID: member.userID)), csrf: csrf,
                Form.select(
                    name: "role-\(member.userID)", label: "New role for \(member.name)", options: model.roles,
                    selected: member.role, errors: []),
                Form.submit("Change role")),
            Form.post(
                to: .partnership(slug: model.slug, .memberOrganisation(userID: member.userID)), csrf: csrf,
                Form.select(
                    name: "partner", id: "partner-\(member.userID)", label: "\(member.name) works for",
                    options: [("", "No partner organisation")] + model.partners, selected: member.partnerID,
                    errors: model.errors),
                .p(
                    .class("hint"),
                    .text(
                        "Officers change only their own organisation's events and actions (and those no organisation leads); coordinators change all."
                    )),
                Form.submit("Save organisation")),
            Form.postButton(
                to: .partnership(slug: model.slug, .memberRemove(userID: member.userID)),
                label: "Remove \(member.name) from the partnership", csrf: csrf, style: "button warning"))
    }

    static func invitationsTable(_ model: Model) -> Node<HTML.BodyContext> {
        TableScroll.region(
            .table(
                .caption(.text("Invitations not yet accepted")),
                .thead(.tr(.th(.text("Email")), .th(.text("Role")), .th(.text("Expires")))),
                .tbody(
                    .forEach(model.invitations) { invitation in
                        .tr(.td(.text(invitation.email)), .td(.text(invitation.role)), .td(.text(invitation.expires)))
                    })
            ))
    }
}
