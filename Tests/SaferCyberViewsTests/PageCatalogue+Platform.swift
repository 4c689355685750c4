import Foundation

@testable import SaferCyberViews

extension PageCatalogue {
    static var platform: [Entry] {
        [
            Entry("admin", "AdminPage.render") { text in
                AdminPage.render(
                    .init(
                        partnerships: [
                            (name: text, slug: text, members: 4, isDemo: true),
                            (name: text + " 2", slug: text + " 2", members: 1, isDemo: false),
                        ],
                        accounts: [
                            .init(id: text, name: text, email: text, isAdmin: true, isDisabled: false),
                            .init(
                                id: text + " 2", name: text + " 2", email: text + " 2", isAdmin: false, isDisabled: true
                            ),
                        ],
                        errors: [FormError(field: "slug", message: text)], newSlug: text, newName: text, notice: text),
                    chrome: .mock(text))
            },
            Entry("api-tokens", "ApiTokensPage.render") { text in
                var model = ApiTokensPage.Model(
                    slug: text,
                    tokens: [
                        .init(
                            id: text, name: text, created: text, lastUsed: text, isRevoked: false, expires: text,
                            isExpired: false),
                        .init(
                            id: text + " 2", name: text + " 2", created: text + " 2", lastUsed: text + " 2",
                            isRevoked: true, expires: text + " 2", isExpired: false),
                        .init(
                            id: text + " 3", name: text + " 3", created: text + " 3", lastUsed: text + " 3",
                            isRevoked: false, expires: text + " 3", isExpired: true),
                    ],
                    newSecret: text, errors: [FormError(field: "name", message: text)])
                model.days = text
                return ApiTokensPage.render(model, chrome: .mock(text))
            },
            Entry("audit", "AuditPage.render") { text in
                AuditPage.render(
                    .init(
                        slug: text,
                        entries: [
                            .init(
                                at: text, actor: text, action: text, entity: text, summary: text, before: text,
                                after: text),
                            .init(
                                at: text + " 2", actor: text + " 2", action: text + " 2", entity: text + " 2",
                                summary: text + " 2", before: nil, after: text + " 2"),
                        ],
                        total: 2, page: 2, pageCount: 3, actions: [text, text + " 2"],
                        filter: (actor: text, action: text, entity: text, from: text, to: text),
                        errors: [FormError(field: "from", message: text)]),
                    chrome: .mock(text))
            },
            Entry("change-password", "ChangePasswordPage.render") { text in
                ChangePasswordPage.render(
                    .init(errors: [FormError(field: "newPassword", message: text)], changed: true), chrome: .mock(text))
            },
            Entry("dashboard", "DashboardPage.render") { text in
                DashboardPage.render(
                    .init(
                        entries: [
                            .init(name: text, slug: text, role: text),
                            .init(name: text + " 2", slug: text + " 2", role: text + " 2"),
                        ],
                        isAdmin: true),
                    chrome: .mock(text))
            },
            Entry("dashboard-no-partnerships", "DashboardPage.render") { text in
                DashboardPage.render(.init(entries: [], isAdmin: false), chrome: .mock(text))
            },
            Entry("error", "ErrorPage.render") { text in
                ErrorPage.render(.init(title: text, message: text), chrome: .mock(text))
            },
            Entry("invitation", "InvitationPage.render") { text in
                InvitationPage.render(
                    .init(
                        token: text, partnershipName: text, email: text, role: text, existingAccount: false,
                        signedInAsInvitee: false, displayName: text,
                        errors: [FormError(field: "displayName", message: text)]),
                    chrome: .mock(text))
            },
            Entry("invitation-existing-account", "InvitationPage.render") { text in
                InvitationPage.render(
                    .init(
                        token: text, partnershipName: text, email: text, role: text, existingAccount: true,
                        signedInAsInvitee: false, displayName: text, errors: [FormError(field: "email", message: text)]),
                    chrome: .mock(text))
            },
            Entry("invitation-existing-account-signed-in", "InvitationPage.render") { text in
                InvitationPage.render(
                    .init(
                        token: text, partnershipName: text, email: text, role: text, existingAccount: true,
                        signedInAsInvitee: true, displayName: text, errors: [FormError(field: "email", message: text)]),
                    chrome: .mock(text))
            },
            Entry("outbox", "OutboxPage.render") { text in
                var model = OutboxPage.Model(
                    slug: text, transport: text, counts: [(label: text, count: 3), (label: text + " 2", count: 1)],
                    rows: [
                        .init(
                            id: text, createdAt: text, kind: text, recipient: text, subject: text, status: text,
                            attempts: 3, lastError: text),
                        .init(
                            id: text + " 2", createdAt: text + " 2", kind: text + " 2", recipient: text + " 2",
                            subject: text + " 2", status: text + " 2", attempts: 1, lastError: nil),
                    ],
                    kinds: [
                        .init(value: text, label: text, on: true),
                        .init(value: text + " 2", label: text + " 2", on: false),
                    ],
                    contactEmail: text, notice: text, errors: [FormError(field: "contactEmail", message: text)])
                model.reminderHours = text
                model.afterSurveyHours = text
                return OutboxPage.render(model, chrome: .mock(text))
            },
            Entry("data-requests", "DataRequestsPage.render") { text in
                DataRequestsPage.render(
                    .init(
                        slug: text, csrf: text, who: text, notice: text,
                        errors: [FormError(field: "who", message: text)]),
                    chrome: .mock(text))
            },
            Entry("data-requests-found", "DataRequestsPage.render") { text in
                DataRequestsPage.render(
                    .init(
                        slug: text, csrf: text, who: text, records: dataRequestRecords(text), selected: [text],
                        errors: [FormError(field: "records", message: text)]), chrome: .mock(text))
            },
            Entry("data-requests-none", "DataRequestsPage.render") { text in
                DataRequestsPage.render(.init(slug: text, csrf: text, who: text, records: []), chrome: .mock(text))
            },
            Entry("data-requests-export", "DataRequestsPage.export") { text in
                DataRequestsPage.export(dataRequestRecords(text), partnership: text, date: text, chrome: .mock(text))
            },
            Entry("data-requests-confirm", "DataRequestsPage.confirmErase") { text in
                DataRequestsPage.confirmErase(
                    .init(
                        slug: text, csrf: text, who: text, records: dataRequestRecords(text),
                        selected: [text, text + " 2"]),
                    chrome: .mock(text))
            },
            Entry("privacy-notice", "NoticePages.privacy") { text in
                NoticePages.privacy(
                    .init(
                        slug: text, partnershipName: text, controller: text, contactEmail: text, dpoContact: text,
                        processing: [.init(activity: text, data: text, purpose: text, lawfulBasis: text)],
                        kept: [.init(what: text, keptFor: text, then: text)]))
            },
            Entry("accessibility-statement", "NoticePages.accessibility") { text in
                NoticePages.accessibility(
                    .init(
                        slug: text, partnershipName: text, contactEmail: text, checkedOn: text, tool: text,
                        standard: text, pagesChecked: 3, violations: 0, knownIssues: [text, text + " 2"]))
            },
            Entry("outbox-message", "OutboxPage.message") { text in
                OutboxPage.message(
                    slug: text, subject: text, facts: [(text, text), (text + " 2", text + " 2")], text: text,
                    chrome: .mock(text))
            },
            Entry("partnership-home", "PartnershipHomePage.render") { text in
                PartnershipHomePage.render(
                    .init(
                        partnershipName: text, slug: text, role: text, roleSummary: text,
                        figures: [(label: text, value: text), (label: text + " 2", value: text + " 2")],
                        modules: [
                            .init(title: text, summary: text, url: .partnership(slug: text, .events)),
                            .init(title: text + " 2", summary: text + " 2", url: nil),
                        ],
                        attention: [(text, .partnership(slug: text, .plan))],
                        glance: (text, [text, text + " 2"], .partnership(slug: text, .report))),
                    chrome: .mock(text))
            },
            Entry("password-reset-request", "PasswordResetPages.request") { text in
                PasswordResetPages.request(
                    email: text, errors: [FormError(field: "email", message: text)], sent: false, emailWorks: false,
                    chrome: .mock(text))
            },
            Entry("password-reset-request-sent", "PasswordResetPages.request") { text in
                PasswordResetPages.request(email: text, errors: [], sent: true, emailWorks: true, chrome: .mock(text))
            },
            Entry("password-reset-choose", "PasswordResetPages.choose") { text in
                PasswordResetPages.choose(
                    token: text, email: text, errors: [FormError(field: "password", message: text)], chrome: .mock(text)
                )
            },
            Entry("password-reset-expired", "PasswordResetPages.expired") { text in
                PasswordResetPages.expired(chrome: .mock(text))
            },
            Entry("public-home", "PublicHomePage.render") { text in
                PublicHomePage.render(
                    .init(
                        partnershipName: text, slug: text,
                        events: [
                            .init(title: text, when: text, place: text, url: .publicEvent(slug: text, id: text)),
                            .init(
                                title: text + " 2", when: text + " 2", place: text + " 2",
                                url: .publicEvent(slug: text, id: text + " 2")),
                        ],
                        courses: [
                            .init(id: text, title: text, summary: text, audience: text, minutes: 10),
                            .init(
                                id: text + " 2", title: text + " 2", summary: text + " 2", audience: text + " 2",
                                minutes: 5),
                        ],
                        resources: 3, hasLogo: true))
            },
            Entry("public-home-empty", "PublicHomePage.render") { text in
                PublicHomePage.render(
                    .init(partnershipName: text, slug: text, events: [], courses: [], resources: 0, hasLogo: false))
            },
            Entry("role-requests", "RoleRequestsPage.render") { text in
                RoleRequestsPage.render(
                    .init(
                        slug: text,
                        items: [
                            .init(
                                id: text, name: text, email: text, role: text, requestedBy: text, requestedAt: text,
                                cannotDecide: nil),
                            .init(
                                id: text + " 2", name: text + " 2", email: text + " 2", role: text + " 2",
                                requestedBy: text + " 2", requestedAt: text + " 2", cannotDecide: text + " 2"),
                        ],
                        notice: text, errors: [FormError(field: "grant", message: text)]),
                    chrome: .mock(text))
            },
            Entry("role-requests-none", "RoleRequestsPage.render") { text in
                RoleRequestsPage.render(.init(slug: text, items: []), chrome: .mock(text))
            },
            Entry("settings", "SettingsPage.render") { text in
                SettingsPage.render(PageCatalogue.platformSettingsModel(text, canEdit: true), chrome: .mock(text))
            },
            Entry("settings-read-only", "SettingsPage.render") { text in
                SettingsPage.render(PageCatalogue.platformSettingsModel(text, canEdit: false), chrome: .mock(text))
            },
            Entry("sign-in", "SignInPage.render") { text in
                SignInPage.render(
                    .init(email: text, errors: [FormError(field: "email", message: text)], notice: text, next: text),
                    chrome: .mock(text))
            },
            Entry("two-factor-code", "TwoFactorPages.code") { text in
                TwoFactorPages.code(
                    .init(errors: [FormError(field: "code", message: text)], next: text), chrome: .mock(text))
            },
            Entry("two-factor-account", "TwoFactorPages.account") { text in
                TwoFactorPages.account(
                    .init(
                        state: .scanning(secret: text, qr: QRCodeView.Model(path: text, side: 21, label: text)),
                        errors: [FormError(field: "code", message: text)], notice: text),
                    chrome: .mock(text))
            },
            Entry("two-factor-account-off", "TwoFactorPages.account") { text in
                TwoFactorPages.account(
                    .init(state: .off, errors: [FormError(field: "code", message: text)], notice: text),
                    chrome: .mock(text))
            },
            Entry("two-factor-account-on", "TwoFactorPages.account") { text in
                TwoFactorPages.account(
                    .init(
                        state: .on(recoveryCodesLeft: 3), errors: [FormError(field: "code", message: text)],
                        notice: text),
                    chrome: .mock(text))
            },
            Entry("two-factor-account-recovery-codes", "TwoFactorPages.account") { text in
                TwoFactorPages.account(
                    .init(state: .recoveryCodes([text, text + " 2"]), errors: [], notice: text), chrome: .mock(text))
            },
            Entry("users", "UsersPage.render") { text in
                var model = UsersPage.Model(
                    slug: text,
                    members: [
                        .init(userID: text, name: text, email: text, role: text, roleLabel: text, isDisabled: false),
                        .init(
                            userID: text + " 2", name: text + " 2", email: text + " 2", role: text + " 2",
                            roleLabel: text + " 2", isDisabled: true),
                    ],
                    invitations: [
                        (email: text, role: text, expires: text),
                        (email: text + " 2", role: text + " 2", expires: text + " 2"),
                    ],
                    roles: [(value: text, label: text), (value: text + " 2", label: text + " 2")],
                    errors: [FormError(field: "email", message: text)], inviteEmail: text, inviteRole: text,
                    newInvitationLink: text, notice: text)
                model.requests = [
                    .init(
                        id: text, name: text, email: text, role: text, requestedBy: text, requestedAt: text,
                        cannotDecide: nil),
                    .init(
                        id: text + " 2", name: text + " 2", email: text + " 2", role: text + " 2",
                        requestedBy: text + " 2", requestedAt: text + " 2", cannotDecide: text + " 2"),
                ]
                model.emailSends = false
                return UsersPage.render(model, chrome: .mock(text))
            },
        ]
    }

    /// Settings with every section filled; `canEdit` switches between the forms and the read-only view.
    private static func platformSettingsModel(_ text: String, canEdit: Bool) -> SettingsPage.Model {
        var model = SettingsPage.Model(
            slug: text, partnershipName: text, canEdit: canEdit,
            lists: [
                // The key "partners" is what makes the add form show the kind-of-organisation select.
                .init(
                    key: "partners", title: text, singular: text,
                    items: [
                        .init(id: text, name: text, detail: text),
                        .init(id: text + " 2", name: text + " 2", detail: nil),
                    ]),
                .init(
                    key: text, title: text + " 2", singular: text + " 2",
                    items: [.init(id: text, name: text, detail: text)]),
            ],
            partnerKinds: [(value: text, label: text), (value: text + " 2", label: text + " 2")],
            errors: [FormError(field: "brandColour", message: text)], notice: text, retentionMonths: text,
            localContacts: text + "\n" + text + " 2", brandColour: text)
        model.courses = [(id: text, title: text, enabled: true), (id: text + " 2", title: text + " 2", enabled: false)]
        model.hasLogo = true
        model.threshold = text
        model.requiresTwoStep = canEdit
        return model
    }
}

extension PageCatalogue {
    static func dataRequestRecords(_ text: String) -> [DataRequestsPage.Record] {
        [
            .init(
                ref: text, kind: text, title: text, matchedBy: text, fields: [(text, text), (text + " 2", text)],
                holdsPersonalData: true),
            .init(
                ref: text + " 2", kind: text, title: text + " 2", matchedBy: "", fields: [], holdsPersonalData: false),
        ]
    }
}
