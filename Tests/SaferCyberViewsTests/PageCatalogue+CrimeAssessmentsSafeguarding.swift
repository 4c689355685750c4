import Foundation

@testable import SaferCyberViews

extension PageCatalogue {
    static var crimeAssessmentsSafeguarding: [Entry] {
        [
            // MARK: Crime picture

            Entry("crime-picture", "CrimePicturePage.render") { text in
                CrimePicturePage.render(crimePictureModel(text), chrome: .mock(text))
            },
            Entry("crime-picture-no-data", "CrimePicturePage.render") { text in
                var model = crimePictureModel(text)
                model.hasData = false
                return CrimePicturePage.render(model, chrome: .mock(text))
            },
            Entry("crime-record", "CrimeRecordPage.render") { text in
                CrimeRecordPage.render(
                    .init(slug: text, reference: text, facts: [(text, text), (text + " 2", text + " 2")], found: true),
                    chrome: .mock(text))
            },
            Entry("crime-record-not-found", "CrimeRecordPage.render") { text in
                CrimeRecordPage.render(
                    .init(slug: text, reference: text, facts: [(text, text)], found: false), chrome: .mock(text))
            },
            Entry("crime-imports", "CrimeImportsPage.render") { text in
                CrimeImportsPage.render(crimeImportsModel(text), chrome: .mock(text))
            },
            Entry("crime-import", "CrimeImportPage.render") { text in
                CrimeImportPage.render(crimeImportModel(text), chrome: .mock(text))
            },
            Entry("crime-mappings", "CrimeMappingsPage.render") { text in
                CrimeMappingsPage.render(crimeMappingsModel(text), chrome: .mock(text))
            },
            Entry("crime-mappings-header", "CrimeMappingsPage.render") { text in
                // No columns yet: step 1, the form for the file's first line.
                var model = crimeMappingsModel(text)
                model.columns = nil
                model.errors = [FormError(field: "header", message: text)]
                return CrimeMappingsPage.render(model, chrome: .mock(text))
            },
            Entry("crime-rules", "CrimeRulesPage.render") { text in
                CrimeRulesPage.render(crimeRulesModel(text), chrome: .mock(text))
            },
            Entry("focus", "FocusPage.render") { text in
                FocusPage.render(focusModel(text), chrome: .mock(text))
            },
            Entry("reporting-gap", "ReportingGapPage.render") { text in
                ReportingGapPage.render(reportingGapModel(text), chrome: .mock(text))
            },

            // MARK: Assessments

            Entry("check-start", "CheckPages.start") { text in
                CheckPages.start(
                    slug: text, partnershipName: text,
                    checks: [
                        .init(id: text, title: text, audience: text, minutes: 10),
                        .init(id: text + " 2", title: text + " 2", audience: text + " 2", minutes: 15),
                    ],
                    previous: text)
            },
            Entry("check-area", "CheckPages.area") { text in
                CheckPages.area(checkAreaModel(text), csrf: "mock-token")
            },
            Entry("check-result", "CheckPages.result") { text in
                CheckPages.result(checkResultModel(text), csrf: "mock-token")
            },
            Entry("check-result-first-time", "CheckPages.result") { text in
                // A first check with every answer yes: no comparison column, no actions, nothing saved yet.
                var model = checkResultModel(text)
                model.previousDate = nil
                model.previousOverall = nil
                model.actions = []
                model.details = CheckPages.Details()
                model.hasDetails = false
                model.saved = false
                model.errors = []
                return CheckPages.result(model, csrf: "mock-token")
            },
            Entry("checks", "ChecksPage.render") { text in
                ChecksPage.render(checksModel(text), chrome: .mock(text))
            },
            Entry("check-follow-ups", "CheckFollowUpsPage.render") { text in
                CheckFollowUpsPage.render(
                    slug: text,
                    rows: [
                        .init(
                            id: text, organisation: text, contact: text, email: text, phone: text, sector: text,
                            size: text, area: text, check: text, score: text, completed: text, contacted: text),
                        .init(
                            id: text + " 2", organisation: text + " 2", contact: text + " 2", email: text + " 2",
                            phone: text + " 2", sector: text + " 2", size: text + " 2", area: text + " 2",
                            check: text + " 2", score: text + " 2", completed: text + " 2", contacted: nil),
                    ],
                    chrome: .mock(text))
            },

            // MARK: Safeguarding

            Entry("referral-list", "ReferralPages.list") { text in
                ReferralPages.list(
                    slug: text,
                    rows: [
                        .init(
                            id: text, number: 1, received: text, person: text, ageBand: text, risk: text,
                            status: text, review: text),
                        .init(
                            id: text + " 2", number: 2, received: text + " 2", person: text + " 2",
                            ageBand: text + " 2", risk: text + " 2", status: text + " 2", review: text + " 2"),
                    ],
                    search: text, configured: true, chrome: .mock(text), waitingRequests: 2)
            },
            Entry("referral-list-not-configured", "ReferralPages.list") { text in
                // No encryption key: a problem panel instead of the search form and the table.
                ReferralPages.list(
                    slug: text, rows: [], search: text, configured: false, chrome: .mock(text), waitingRequests: 1)
            },
            Entry("referral-form", "ReferralPages.form") { text in
                ReferralPages.form(referralFormModel(text), chrome: .mock(text))
            },
            Entry("referral-show", "ReferralPages.show") { text in
                ReferralPages.show(referralShowModel(text), chrome: .mock(text))
            },
            Entry("referral-show-closed", "ReferralPages.show") { text in
                // Closed and anonymised: the follow-up form instead of the closing form, no forms to add to it,
                // no change or export links.
                var model = referralShowModel(text)
                model.closed = true
                model.anonymised = true
                model.errors = [FormError(field: "followUp", message: text)]
                return ReferralPages.show(model, chrome: .mock(text))
            },
            Entry("referral-subject-access", "ReferralPages.subjectAccess") { text in
                ReferralPages.subjectAccess(
                    .init(
                        slug: text, id: text, number: 4, csrf: text,
                        candidates: [
                            .init(id: text, number: 2, received: text, ageBand: text, school: text, area: text),
                            .init(id: text + " 2", number: 3, received: text, ageBand: text, school: "", area: ""),
                        ]), chrome: .mock(text))
            },
            Entry("referral-subject-access-none", "ReferralPages.subjectAccess") { text in
                ReferralPages.subjectAccess(
                    .init(slug: text, id: text, number: 4, csrf: text, candidates: []), chrome: .mock(text))
            },
            Entry("referral-figures", "ReferralPages.figures") { text in
                ReferralPages.figures(
                    slug: text, period: text, tables: [figureTable(text), figureTable(text + " 2")],
                    chrome: .mock(text))
            },
        ]
    }

    // MARK: - Models

    /// A figure table with a note, a text column and two rows.
    private static func figureTable(_ text: String) -> CrimePicturePage.Table {
        CrimePicturePage.Table(
            key: text, title: text, columns: [text, text, text],
            rows: [[text, text, text], [text + " 2", text + " 2", text + " 2"]], note: text, textColumns: [1])
    }

    private static func crimePictureModel(_ text: String) -> CrimePicturePage.Model {
        CrimePicturePage.Model(
            slug: text, hasData: true, suppressed: true, canManage: true, periodLabel: text, total: text,
            quarterOnQuarter: text, yearOnYear: text,
            bars: [
                .init(label: text, value: 12, display: text),
                .init(label: text + " 2", value: 7, display: text + " 2"),
            ],
            tables: [figureTable(text), figureTable(text + " 2")],
            filter: ["from": text, "to": text, "scope": text, "theme": text, "area": text],
            quarterOptions: [(text, text), (text + " 2", text + " 2")], scopeOptions: [(text, text)],
            themeOptions: [(text, text)], areaOptions: [(text, text)],
            errors: [FormError(field: "from", message: text)], emptyNotice: text,
            coverageNotes: [text, text + " 2"], methodNote: text)
    }

    private static func crimeImportsModel(_ text: String) -> CrimeImportsPage.Model {
        CrimeImportsPage.Model(
            slug: text, profiles: [(text, text), (text + " 2", text + " 2")],
            entries: [
                .init(id: text, when: text, who: text, file: text, profile: text, status: text, message: text),
                .init(
                    id: text + " 2", when: text + " 2", who: text + " 2", file: text + " 2", profile: text + " 2",
                    status: text + " 2", message: text + " 2"),
            ],
            maxUpload: text, errors: [FormError(field: "file", message: text)])
    }

    private static func crimeImportModel(_ text: String) -> CrimeImportPage.Model {
        CrimeImportPage.Model(
            slug: text, id: text, file: text, imported: true, message: text,
            facts: [(text, text), (text + " 2", text + " 2")],
            problems: [
                .init(line: text, column: text, value: text, reason: text),
                .init(line: text + " 2", column: text + " 2", value: text + " 2", reason: text + " 2"),
            ],
            // More problems than are listed, so the "first 2 are shown here" hint appears.
            problemCount: 3,
            completeToOptions: [(text, text), (text + " 2", text + " 2")], completeTo: text,
            errors: [FormError(field: "complete-to", message: text)])
    }

    private static func crimeMappingsModel(_ text: String) -> CrimeMappingsPage.Model {
        CrimeMappingsPage.Model(
            slug: text, saved: [(text, text), (text + " 2", text + " 2")], columns: [text, text + " 2"],
            headerLine: text, name: text,
            choices: [
                .init(field: text, label: text, selected: text),
                .init(field: text + " 2", label: text + " 2", selected: text + " 2"),
            ],
            errors: [FormError(field: "name", message: text)])
    }

    private static func crimeRulesModel(_ text: String) -> CrimeRulesPage.Model {
        CrimeRulesPage.Model(
            slug: text,
            rules: [
                .init(
                    id: text, number: 1, kind: text, kindLabel: text, pattern: text, themeID: text, theme: text,
                    cyber: text, cyberLabel: text, enabled: true),
                // Turned off: the row is muted and tagged "Off".
                .init(
                    id: text + " 2", number: 2, kind: text + " 2", kindLabel: text + " 2", pattern: text + " 2",
                    themeID: text + " 2", theme: text + " 2", cyber: text + " 2", cyberLabel: text + " 2",
                    enabled: false),
            ],
            kinds: [(text, text), (text + " 2", text + " 2")], themes: [(text, text)], classes: [(text, text)],
            notice: text, errors: [FormError(field: "pattern", message: text)])
    }

    private static func focusModel(_ text: String) -> FocusPage.Model {
        // Rows have as many cells as the page's columns: 10 by group, 9 by area.
        FocusPage.Model(
            slug: text, period: text,
            groupRows: [Array(repeating: text, count: 10), Array(repeating: text + " 2", count: 10)],
            areaRows: [Array(repeating: text, count: 9), Array(repeating: text + " 2", count: 9)],
            canManage: true,
            harm: [.init(field: text, label: text, value: text), .init(field: text + " 2", label: text, value: text)],
            vulnerability: [.init(field: text + " 3", label: text, value: text)], trendWeight: text,
            errors: [FormError(field: "trendWeight", message: text)])
    }

    private static func reportingGapModel(_ text: String) -> ReportingGapPage.Model {
        // Theme rows are a quarter and three figures (the page reads cells[0]).
        ReportingGapPage.Model(
            slug: text, period: text,
            themes: [
                .init(
                    name: text, ratio: text, source: text, sourceURL: text,
                    rows: [[text, text, text, text], [text + " 2", text + " 2", text + " 2", text + " 2"]],
                    bars: [
                        .init(label: text, value: 40, display: text),
                        .init(label: text + " 2", value: 25, display: text + " 2"),
                    ])
            ],
            withoutRatio: [text, text + " 2"], canManage: true,
            ratioFields: [.init(key: text, themeName: text, central: text, low: text, high: text)],
            errors: [FormError(field: text + "-central", message: text)])
    }

    private static func checkAreaModel(_ text: String) -> CheckPages.AreaModel {
        // Part 2 of 3, so the Back button shows.
        CheckPages.AreaModel(
            slug: text, checkID: text, checkTitle: text, step: 2, steps: 3, title: text, why: text,
            questions: [
                .init(id: text, text: text, guidance: text, answer: text),
                .init(id: text + " 2", text: text + " 2", guidance: text + " 2", answer: "yes"),
            ],
            carried: [(text, text), (text + " 2", text + " 2")],
            errors: [FormError(field: "a-" + text, message: text)])
    }

    private static func checkDetails(_ text: String) -> CheckPages.Details {
        var details = CheckPages.Details()
        details.consent = true
        details.followUp = true
        details.sector = text
        details.size = text
        details.area = text
        details.organisation = text
        details.name = text
        details.email = text
        details.phone = text
        return details
    }

    private static func checkResultModel(_ text: String) -> CheckPages.ResultModel {
        // Six actions, so both "What to do first" (five) and "Then" are shown.
        let actions = (1...6).map { index in
            CheckPages.Action(
                text: text + " \(index)", area: text, effort: text, cost: text, dontKnow: index % 2 == 0,
                quickWin: index % 2 == 1)
        }
        return CheckPages.ResultModel(
            slug: text, token: text, checkTitle: text, completed: text, overall: 62, overallBand: text,
            previousDate: text, previousOverall: 48,
            areas: [
                .init(title: text, why: text, score: 70, band: text, bandLabel: text, explanation: text, before: 50),
                .init(
                    title: text + " 2", why: text + " 2", score: 40, band: text + " 2", bandLabel: text + " 2",
                    explanation: text + " 2", before: nil),
            ],
            actions: actions, courses: [(text, text), (text + " 2", text + " 2")], details: checkDetails(text),
            hasDetails: true, sectors: [(text, text)], sizes: [(text, text)], places: [(text, text)], saved: true,
            errors: [FormError(field: "email", message: text)])
    }

    private static func checksModel(_ text: String) -> ChecksPage.Model {
        ChecksPage.Model(
            slug: text, checks: [(text, text), (text + " 2", text + " 2")],
            // The first check is the current one, so its link is marked.
            current: text,
            headline: [(text, text), (text + " 2", text + " 2")],
            weakest: [(text, text, [text, text + " 2"]), (text + " 2", text + " 2", [text])],
            tables: [figureTable(text), figureTable(text + " 2")], canSeeContacts: true, followUps: 3)
    }

    private static func referralFormModel(_ text: String) -> ReferralPages.FormModel {
        let fields = [
            "receivedOn", "referrerPartner", "referrer", "person", "ageBand", "school", "area", "consentYoungPerson",
            "consentParent", "risk", "riskReason", "route", "handedOn", "nextReviewOn",
        ]
        return ReferralPages.FormModel(
            slug: text, id: text, values: Dictionary(uniqueKeysWithValues: fields.map { ($0, text) }),
            // One real concern so a box is ticked; `text` ticks none but must not break the page.
            concerns: [text, "booters"], partners: [(text, text), (text + " 2", text + " 2")],
            errors: [FormError(field: "person", message: text)])
    }

    private static func referralShowModel(_ text: String) -> ReferralPages.ShowModel {
        ReferralPages.ShowModel(
            slug: text, id: text, number: 7, facts: [(text, text), (text + " 2", text + " 2")], anonymised: false,
            closed: false,
            interventions: [
                .init(id: text, kind: text, planned: text, delivered: text, note: text),
                // Not delivered yet: an empty date is what shows the "Record as delivered" form.
                .init(id: text + " 2", kind: text + " 2", planned: text + " 2", delivered: "", note: text + " 2"),
            ],
            pathways: [
                .init(id: text, kind: text, offered: text, takenUp: text, note: text),
                // "Not known yet" is what shows the "Taken up" / "Not taken up" buttons.
                .init(
                    id: text + " 2", kind: text + " 2", offered: text + " 2", takenUp: "Not known yet",
                    note: text + " 2"),
            ],
            errors: [FormError(field: "outcome", message: text)])
    }
}
