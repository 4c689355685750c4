import Foundation

@testable import SaferCyberViews

extension PageCatalogue {
    static var engagementGamesPublicHub: [Entry] {
        egpEngagementEntries + egpGamesEntries + egpPlayEntries + egpPublicHubEntries
    }

    // MARK: Engagement

    private static var egpEngagementEntries: [Entry] {
        [
            Entry("booking", "BookingPage.render") { text in
                BookingPage.render(egpBooking(text, pledge: 2), csrf: "mock-token")
            },
            Entry("booking-pledge-form", "BookingPage.render") { text in
                // pledge 0: the "Become an ambassador" form instead of the "how many did you tell" form.
                BookingPage.render(egpBooking(text, pledge: 0), csrf: "mock-token")
            },
            Entry("engagement", "EngagementPage.render") { text in
                let text2 = text + " 2"
                let model = EngagementPage.Model(
                    slug: text, period: text, headline: [(text, text), (text2, text2)],
                    bars: [
                        BarChart.Bar(label: text, value: 12, display: text),
                        BarChart.Bar(label: text2, value: 7, display: text2),
                    ],
                    tables: [
                        CrimePicturePage.Table(
                            key: text, title: text, columns: [text, text2, text], rows: [[text, text2, text]],
                            note: text, textColumns: [1]),
                        CrimePicturePage.Table(key: text2, title: text2, columns: [text2], rows: [[text2]]),
                    ],
                    suppressed: true, query: text)
                return EngagementPage.render(model, chrome: .mock(text))
            },
            Entry("event-form", "EventFormPage.render") { text in
                EventFormPage.render(egpEventForm(text, eventID: text), chrome: .mock(text))
            },
            Entry("event-form-new", "EventFormPage.render") { text in
                // No event id: "Create an event", with the weekly-repeats field.
                EventFormPage.render(egpEventForm(text, eventID: nil), chrome: .mock(text))
            },
            Entry("events", "EventsPage.render") { text in
                EventsPage.render(egpEvents(text, canManage: true), chrome: .mock(text))
            },
            Entry("events-read-only", "EventsPage.render") { text in
                EventsPage.render(egpEvents(text, canManage: false), chrome: .mock(text))
            },
            Entry("public-event", "PublicEventPage.render") { text in
                PublicEventPage.render(egpPublicEvent(text, canBook: true), csrf: "mock-token")
            },
            Entry("public-event-closed", "PublicEventPage.render") { text in
                PublicEventPage.render(egpPublicEvent(text, canBook: false), csrf: "mock-token")
            },
            Entry("public-events", "PublicEventsPage.render") { text in
                let text2 = text + " 2"
                let items: [PublicEventsPage.Item] = [
                    PublicEventsPage.Item(
                        url: text, title: text, when: text, place: text, kind: text, availability: text),
                    PublicEventsPage.Item(
                        url: text2, title: text2, when: text2, place: text2, kind: text2, availability: text2),
                ]
                let model = PublicEventsPage.Model(
                    partnershipName: text, slug: text, items: items,
                    audiences: [(value: text, label: text), (value: text2, label: text2)],
                    areas: [(value: text, label: text)], kinds: [(value: text, label: text)],
                    selected: ["audience": text, "area": text, "type": text])
                return PublicEventsPage.render(model)
            },
            Entry("register", "RegisterPage.render") { text in
                let text2 = text + " 2"
                let lines: [RegisterPage.Line] = [
                    // Several places, some checked in: the "How many came" number field.
                    RegisterPage.Line(
                        bookingID: text, name: text, detail: text, places: 3, attended: 2, shortCode: text),
                    // One place, not checked in: the "Check in" button.
                    RegisterPage.Line(
                        bookingID: text2, name: text2, detail: text2, places: 1, attended: 0, shortCode: text2),
                ]
                var model = RegisterPage.Model(
                    slug: text, eventID: text, title: text, when: text, search: text, lines: lines,
                    totals: [(text, text), (text2, text2)], byAudience: [(text, text), (text2, text2)],
                    audiences: [(value: text, label: text)], notice: text, followOnLink: text,
                    errors: [FormError(field: "places", message: text)])
                model.followOnQR = QRCodeView.Model(path: "M0 0h1v1h-1z", side: 21, label: text)
                model.surveyLinks = [(text, text, QRCodeView.Model(path: "M0 0h1v1h-1z", side: 21, label: text))]
                return RegisterPage.render(model, chrome: .mock(text))
            },
            Entry("public-feedback", "FeedbackPage.render") { text in
                var model = FeedbackPage.Model(
                    slug: text, eventID: text, title: text, when: text, ratings: [(text, text), ("ok", text)],
                    csrf: "mock-token")
                model.comment = text
                model.errors = [FormError(field: "comment", message: text)]
                return FeedbackPage.render(model)
            },
            Entry("public-feedback-thanks", "FeedbackPage.render") { text in
                var model = FeedbackPage.Model(
                    slug: text, eventID: text, title: text, when: text, ratings: [], csrf: "mock-token")
                model.thanks = true
                return FeedbackPage.render(model)
            },
            Entry("public-feedback-closed", "FeedbackPage.render") { text in
                var model = FeedbackPage.Model(
                    slug: text, eventID: text, title: text, when: text, ratings: [], csrf: "mock-token")
                model.closed = text
                return FeedbackPage.render(model)
            },
            Entry("event-qr-cards", "QRCardsPage.render") { text in
                let card = QRCardsPage.Card(
                    title: text, purpose: text, link: text,
                    qr: QRCodeView.Model(path: "M0 0h1v1h-1z", side: 21, label: text))
                return QRCardsPage.render(
                    QRCardsPage.Model(slug: text, eventID: text, title: text, when: text, cards: [card, card]),
                    chrome: .mock(text))
            },
            Entry("event-attendees", "AttendeesPage.render") { text in
                AttendeesPage.render(
                    .init(
                        slug: text, eventID: text, title: text, when: text,
                        table: [[text, text + " 2"], [text, text], [text + " 2", ""]], withAccessNeeds: 1),
                    chrome: .mock(text))
            },
            Entry("submission-links", "SubmissionPages.links") { text in
                var model = SubmissionPages.LinksModel(
                    slug: text,
                    links: [
                        .init(id: text, label: text, made: text, closes: text, uses: text, isOpen: true),
                        .init(id: text, label: text, made: text, closes: text, uses: text, isOpen: false),
                    ])
                model.newLink = text
                model.label = text
                model.errors = [FormError(field: "label", message: text)]
                return SubmissionPages.links(model, chrome: .mock(text))
            },
            Entry("submission-form", "SubmissionPages.form") { text in
                var model = SubmissionPages.FormModel(
                    slug: text, token: text, partnershipName: text, label: text, closes: text, kinds: [(text, text)])
                (model.title, model.description, model.kind, model.altText, model.transcript) = (
                    text, text, text, text, text
                )
                model.video.credit = text
                model.video.consentNote = text
                model.video.showsYoungPeople = "yes"
                model.submitter = text
                model.themes = [(text, text)]
                model.audiences = [(text, text)]
                model.themeIDs = [text]
                model.errors = [FormError(field: "captions", message: text)]
                return SubmissionPages.form(model, csrf: text)
            },
            Entry("organisations", "OrganisationPages.register") { text in
                var model = OrganisationPages.RegisterModel(
                    slug: text, table: [[text, text], [text, text]], ids: [text], choices: egpChoices(text))
                model.form = .init(name: text, kind: text, area: text, size: text)
                model.errors = [FormError(field: "name", message: text)]
                model.notice = text
                return OrganisationPages.register(model, chrome: .mock(text))
            },
            Entry("organisation", "OrganisationPages.record") { text in
                let line = OrganisationPages.Line(
                    date: text, kind: text, itemID: text, title: text, detail: text,
                    link: .partnership(slug: text, .game(id: text)))
                var model = OrganisationPages.RecordModel(
                    slug: text, id: text, name: text, facts: [(text, text)], change: text,
                    timeline: [
                        line,
                        OrganisationPages.Line(
                            date: text, kind: text, itemID: text, title: text, detail: text, link: nil),
                    ],
                    form: .init(name: text, kind: text, area: text, size: text), choices: egpChoices(text))
                model.areaChanges = [[text, text, text, text]]
                model.suggested = [line]
                model.pickers = [.init(kind: text, label: text, options: [(text, text)], button: text)]
                model.errors = [FormError(field: "item-booking", message: text)]
                model.notice = text
                return OrganisationPages.record(model, chrome: .mock(text))
            },
            Entry("organisation-figures", "OrganisationPages.figures") { text in
                var model = OrganisationPages.FiguresModel(
                    slug: text, period: text, years: [(text, text)], selectedYear: text,
                    reached: [(text, [[text, text], [text, text]]), (text, [[text, text], [text, text]])],
                    reachedMeaning: text, change: [[text, text], [text, text]], changeMeaning: text, disclosure: text,
                    canSeeRegister: true)
                model.basis = text
                return OrganisationPages.figures(model, chrome: .mock(text))
            },
        ]
    }

    private static func egpChoices(_ text: String) -> OrganisationPages.Choices {
        .init(kinds: [(text, text)], areas: [(text, text)], sizes: [(text, text)])
    }

    private static func egpBooking(_ text: String, pledge: Int) -> BookingPage.Model {
        let text2 = text + " 2"
        var model = BookingPage.Model(
            slug: text, token: text, isNew: true, status: text, statusText: text, eventTitle: text,
            // A "Name" fact: the details are still held, so the "Delete my details" button shows.
            facts: [(text, text), ("Name", text)], canCancel: true, privateLink: text, pledge: pledge,
            told: text, errors: [FormError(field: pledge == 0 ? "pledge" : "family", message: text)])
        model.confirmBy = text
        model.surveyCode = text
        model.surveys = [(label: text, url: text), (label: text2, url: text2)]
        return model
    }

    private static func egpEventForm(_ text: String, eventID: String?) -> EventFormPage.Model {
        let text2 = text + " 2"
        let keys = [
            "title", "summary", "kind", "partner", "venue", "area", "online", "startsAt", "endsAt", "capacity",
            "public", "friends", "accessibility", "status", "repeats",
            "question0", "questionKind0", "questionOptions0", "questionRequired0",
            "question1", "questionKind1", "questionOptions1", "questionRequired1",
        ]
        var values: [String: String] = [:]
        for key in keys { values[key] = text }
        let choices: [EventFormPage.Choice] = [
            EventFormPage.Choice(value: text, label: text, checked: true),
            EventFormPage.Choice(value: text2, label: text2, checked: false),
        ]
        return EventFormPage.Model(
            slug: text, eventID: eventID, values: values,
            kinds: [(value: text, label: text), (value: text2, label: text2)],
            statuses: [(value: text, label: text)], partners: [(value: text, label: text)],
            objectives: choices, themes: choices, audiences: choices, questionSlots: 2,
            errors: [FormError(field: "title", message: text), FormError(field: "startsAt", message: text2)])
    }

    private static func egpEvents(_ text: String, canManage: Bool) -> EventsPage.Model {
        let text2 = text + " 2"
        let rows: [EventsPage.Row] = [
            EventsPage.Row(id: text, when: text, title: text, kind: text, status: text, booked: text, waiting: text),
            EventsPage.Row(
                id: text2, when: text2, title: text2, kind: text2, status: text2, booked: text2, waiting: text2),
        ]
        return EventsPage.Model(slug: text, rows: rows, canManage: canManage, notice: text)
    }

    private static func egpPublicEvent(_ text: String, canBook: Bool) -> PublicEventPage.Model {
        let text2 = text + " 2"
        let text3 = text + " 3"
        let questions: [PublicEventPage.Question] = [
            // The kinds are fixed codes that pick the field: a list, yes/no, and free text (any other kind).
            PublicEventPage.Question(
                field: text, label: text, kind: "choice", options: [text, text2], required: true, value: text),
            PublicEventPage.Question(
                field: text2, label: text2, kind: "yes-no", options: [], required: false, value: text2),
            PublicEventPage.Question(
                field: text3, label: text3, kind: text, options: [text], required: false, value: text3),
        ]
        var values: [String: String] = [:]
        for key in ["from", "name", "email", "audience", "group", "organisation", "places", "consent"] {
            values[key] = text
        }
        return PublicEventPage.Model(
            partnershipName: text, slug: text, eventID: text, title: text, summary: text,
            facts: [(text, text), (text2, text2)], isFull: true, canBook: canBook, questions: questions,
            audiences: [(value: text, label: text), (value: text2, label: text2)], values: values,
            retentionText: text, formToken: text,
            errors: [FormError(field: "name", message: text), FormError(field: "consent", message: text2)])
    }

    // MARK: Games

    private static var egpGamesEntries: [Entry] {
        [
            Entry("facilitator", "FacilitatorPage.render") { text in
                FacilitatorPage.render(egpFacilitator(text, isEscape: true), chrome: .mock(text))
            },
            Entry("facilitator-defence", "FacilitatorPage.render") { text in
                // The defence game: "Confirm a team's choice" instead of "Send the next hint".
                FacilitatorPage.render(egpFacilitator(text, isEscape: false), chrome: .mock(text))
            },
            Entry("projector", "ProjectorPage.render") { text in
                ProjectorPage.render(egpFacilitator(text, isEscape: true), chrome: .mock(text))
            },
            Entry("game-debrief", "GameDebriefPage.render") { text in
                let text2 = text + " 2"
                let table = GameDebriefPage.Table(
                    caption: text, columns: [text, text2], rows: [[text, text2], [text2, text]])
                let model = GameDebriefPage.Model(
                    slug: text, id: text, title: text,
                    sections: [
                        GameDebriefPage.Section(heading: text, paragraphs: [text, text2], tables: [table]),
                        GameDebriefPage.Section(heading: text2, paragraphs: [text2], tables: [table]),
                    ],
                    keyMessages: [text, text2], report: text)
                return GameDebriefPage.render(model, chrome: .mock(text))
            },
            Entry("game-certificate", "GameCertificatePage.render") { text in
                GameCertificatePage.render(team: text, game: text, partnership: text, date: text, achievement: text)
            },
            Entry("games", "GamesPage.render") { text in
                GamesPage.render(egpGames(text, withRows: true), chrome: .mock(text))
            },
            Entry("games-none-read-only", "GamesPage.render") { text in
                // No sessions yet and no right to run one: the "No games have been run yet" page without the form.
                GamesPage.render(egpGames(text, withRows: false), chrome: .mock(text))
            },
        ]
    }

    private static func egpFacilitator(_ text: String, isEscape: Bool) -> FacilitatorPage.Model {
        let text2 = text + " 2"
        let columns: [FacilitatorPage.Column] = [
            FacilitatorPage.Column(text, text),
            FacilitatorPage.Column(text2, text2, numeric: true),
        ]
        let rows: [[String: String]] = [[text: text, text2: text2], [text: text2, text2: text]]
        var model = FacilitatorPage.Model(
            slug: text, id: text, title: text, scenarioTitle: text, isEscape: isEscape, code: text,
            joinAddress: text, status: text, remaining: 754, running: true, sequence: 12, roundText: text,
            controls: [
                FacilitatorPage.Control(action: text, label: text, primary: true),
                FacilitatorPage.Control(action: text2, label: text2),
            ],
            teamColumns: columns, teamRows: rows, boardColumns: columns, boardRows: rows,
            teams: [(value: text, label: text), (value: text2, label: text2)],
            notice: text, error: text, canRun: true)
        model.qr = QRCodeView.Model(path: text, side: 29, label: text)
        return model
    }

    private static func egpGames(_ text: String, withRows: Bool) -> GamesPage.Model {
        let text2 = text + " 2"
        let rows: [GamesPage.Row] = [
            GamesPage.Row(
                id: text, title: text, game: text, code: text, status: text, teams: text, players: text, date: text),
            GamesPage.Row(
                id: text2, title: text2, game: text2, code: text2, status: text2, teams: text2, players: text2,
                date: text2),
        ]
        let scenarios: [GamesPage.Scenario] = [
            GamesPage.Scenario(id: text, title: text, kind: text, minutes: 45, audience: text, summary: text),
            GamesPage.Scenario(id: text2, title: text2, kind: text2, minutes: 60, audience: text2, summary: text2),
        ]
        return GamesPage.Model(
            slug: text, rows: withRows ? rows : [], scenarios: scenarios,
            events: [(value: text, label: text), (value: text2, label: text2)],
            surveys: [(value: text, label: text)], canRun: withRows,
            values: ["scenario": text, "title": text, "event": text, "survey": text],
            errors: withRows
                ? [FormError(field: "scenario", message: text), FormError(field: "title", message: text2)] : [])
    }

    // MARK: Play (one entry per screen)

    private static var egpPlayEntries: [Entry] {
        [
            Entry("play-enter-code", "PlayPage.render") { text in
                PlayPage.render(egpPlay(text, screen: .enterCode(value: text, error: text)), csrf: "mock-token")
            },
            Entry("play-join", "PlayPage.render") { text in
                let join = PlayPage.Join(
                    lockedMessage: nil, name: text, teamCode: text, error: FormError(field: "team", message: text))
                return PlayPage.render(egpPlay(text, screen: .join(join)), csrf: "mock-token")
            },
            Entry("play-join-locked", "PlayPage.render") { text in
                // Teams closed: only the message, no forms.
                let join = PlayPage.Join(lockedMessage: text, name: text, teamCode: text)
                return PlayPage.render(egpPlay(text, screen: .join(join)), csrf: "mock-token")
            },
            Entry("play-lobby", "PlayPage.render") { text in
                PlayPage.render(egpPlay(text, screen: .lobby(team: text)), csrf: "mock-token")
            },
            Entry("play-paused", "PlayPage.render") { text in
                PlayPage.render(egpPlay(text, screen: .paused(team: text)), csrf: "mock-token")
            },
            // The puzzle kinds are fixed codes that pick the answer fields; each gives a different form.
            Entry("play-escape-text", "PlayPage.render") { text in
                let escape = egpEscape(text, kind: "text", correct: false)
                return PlayPage.render(egpPlay(text, screen: .escape(escape)), csrf: "mock-token")
            },
            Entry("play-escape-choice", "PlayPage.render") { text in
                let escape = egpEscape(text, kind: "choice", correct: true)
                return PlayPage.render(egpPlay(text, screen: .escape(escape)), csrf: "mock-token")
            },
            Entry("play-escape-red-flags", "PlayPage.render") { text in
                let escape = egpEscape(text, kind: "red-flags", correct: false)
                return PlayPage.render(egpPlay(text, screen: .escape(escape)), csrf: "mock-token")
            },
            Entry("play-escape-ordering", "PlayPage.render") { text in
                let escape = egpEscape(text, kind: "ordering", correct: true)
                return PlayPage.render(egpPlay(text, screen: .escape(escape)), csrf: "mock-token")
            },
            Entry("play-defence", "PlayPage.render") { text in
                PlayPage.render(egpPlay(text, screen: .defence(egpDefence(text, choosing: true))), csrf: "mock-token")
            },
            Entry("play-defence-waiting", "PlayPage.render") { text in
                // Not choosing: no shop, only what the team waits for.
                PlayPage.render(egpPlay(text, screen: .defence(egpDefence(text, choosing: false))), csrf: "mock-token")
            },
            Entry("play-finished", "PlayPage.render") { text in
                let text2 = text + " 2"
                var finished = PlayPage.Finished(
                    team: text, summary: [text, text2], keyMessages: [text, text2], report: text, surveyURL: text)
                finished.verdict = PlayPage.Verdict(
                    puzzleTitle: text, correct: true, explanation: text, details: [text, text2])
                finished.noticed = [text, text2]
                return PlayPage.render(egpPlay(text, screen: .finished(finished)), csrf: "mock-token")
            },
        ]
    }

    private static func egpPlay(_ text: String, screen: PlayPage.Screen) -> PlayPage.Model {
        PlayPage.Model(
            code: text, title: text, screen: screen,
            messages: [
                PlayPage.Message(text: text, isHint: true),
                PlayPage.Message(text: text + " 2", isHint: false),
            ],
            remaining: 125, running: true, sequence: 3, teamCode: text)
    }

    private static func egpEscape(_ text: String, kind: String, correct: Bool) -> PlayPage.Escape {
        let text2 = text + " 2"
        var puzzle = PlayPage.Puzzle(id: text, kind: kind, title: text, prompt: text)
        puzzle.options = [text, text2]
        puzzle.messageKind = text
        puzzle.from = text
        puzzle.subject = text
        puzzle.parts = [text, text2]
        puzzle.items = [(index: 1, text: text), (index: 0, text: text2)]
        return PlayPage.Escape(
            team: text, roomTitle: text, roomStory: text, progress: text, puzzle: puzzle,
            verdict: PlayPage.Verdict(puzzleTitle: text, correct: correct, explanation: text, details: [text, text2]),
            hintsTaken: [text, text2], nextHintCost: 120, error: text)
    }

    private static func egpDefence(_ text: String, choosing: Bool) -> PlayPage.Defence {
        let text2 = text + " 2"
        let shop: [PlayPage.Defence.Item] = [
            PlayPage.Defence.Item(id: text, name: text, category: text, cost: 20, description: text, chosen: true),
            PlayPage.Defence.Item(
                id: text2, name: text2, category: text2, cost: 35, description: text2, chosen: false),
        ]
        let notices: [PlayPage.Defence.Notice] = [
            PlayPage.Defence.Notice(round: 1, text: text, loss: 40, attacker: text),
            PlayPage.Defence.Notice(round: 2, text: text2, loss: 0, attacker: nil),
        ]
        var defence = PlayPage.Defence(
            team: text, organisation: text, story: text, round: 2, rounds: 4, choosing: choosing, money: 100,
            shop: shop, owned: [text, text2], agreed: 1, players: 3, youAgreed: true, notices: notices,
            error: text)
        defence.waiting = text
        return defence
    }

    // MARK: Public hub

    private static var egpPublicHubEntries: [Entry] {
        egpCourseEntries + egpReportEntries + egpResourceEntries
    }

    private static var egpCourseEntries: [Entry] {
        [
            Entry("course-list", "CoursePages.list") { text in
                CoursePages.list(slug: text, partnershipName: text, courses: egpCourses(text))
            },
            Entry("course-start", "CoursePages.start") { text in
                CoursePages.start(
                    slug: text, course: egpCourses(text)[0], pageTitles: [text, text + " 2"], firstPage: text)
            },
            Entry("course-read", "CoursePages.read") { text in
                CoursePages.read(egpRead(text, answered: true))
            },
            Entry("course-read-unanswered", "CoursePages.read") { text in
                // No feedback yet: the "Check my answer" button instead of the feedback panel.
                CoursePages.read(egpRead(text, answered: false))
            },
            Entry("course-quiz", "CoursePages.quiz") { text in
                CoursePages.quiz(egpQuiz(text, failed: false), csrf: "mock-token")
            },
            Entry("course-quiz-failed", "CoursePages.quiz") { text in
                // Sent and not passed: the result and the review of every answer instead of the form.
                CoursePages.quiz(egpQuiz(text, failed: true), csrf: "mock-token")
            },
            Entry("course-complete", "CoursePages.complete") { text in
                let text2 = text + " 2"
                let model = CoursePages.CompleteModel(
                    slug: text, courseID: text, courseTitle: text, code: text, score: 4, outOf: 5,
                    marked: egpMarked(text), audiences: [(value: text, label: text), (value: text2, label: text2)],
                    areas: [(value: text, label: text), (value: text2, label: text2)], audience: text, area: text,
                    saved: true, errors: [FormError(field: "audience", message: text)])
                return CoursePages.complete(model, csrf: "mock-token")
            },
            Entry("course-certificate", "CoursePages.certificate") { text in
                let model = CoursePages.CertificateModel(
                    slug: text, courseID: text, code: text, partnershipName: text, courseTitle: text, date: text,
                    score: 5, outOf: 5, keyMessages: [text, text + " 2"], report: text, name: text)
                return CoursePages.certificate(model)
            },
        ]
    }

    private static func egpCourses(_ text: String) -> [CoursePages.Summary] {
        let text2 = text + " 2"
        return [
            CoursePages.Summary(id: text, title: text, summary: text, audience: text, minutes: 15),
            CoursePages.Summary(id: text2, title: text2, summary: text2, audience: text2, minutes: 20),
        ]
    }

    private static func egpRead(_ text: String, answered: Bool) -> CoursePages.ReadModel {
        let text2 = text + " 2"
        return CoursePages.ReadModel(
            slug: text, courseID: text, courseTitle: text, pageID: text, number: 2, count: 4, title: text,
            paragraphs: [text, text2], tips: [text, text2], question: text, options: [text, text2],
            chosen: answered ? 1 : nil,
            feedback: answered
                ? CoursePages.Feedback(right: false, correctOption: text, explanation: text) : nil,
            missing: !answered, next: text, nextLabel: text, back: text)
    }

    private static func egpMarked(_ text: String) -> [CoursePages.Marked] {
        let text2 = text + " 2"
        return [
            CoursePages.Marked(question: text, chosen: text, correct: text2, right: false, explanation: text),
            CoursePages.Marked(question: text2, chosen: text2, correct: text2, right: true, explanation: text2),
        ]
    }

    private static func egpQuiz(_ text: String, failed: Bool) -> CoursePages.QuizModel {
        let text2 = text + " 2"
        let questions: [CoursePages.QuizQuestion] = [
            CoursePages.QuizQuestion(question: text, options: [text, text2]),
            CoursePages.QuizQuestion(question: text2, options: [text2, text]),
        ]
        let result: (score: Int, marked: [CoursePages.Marked])? = failed ? (score: 1, marked: egpMarked(text)) : nil
        return CoursePages.QuizModel(
            slug: text, courseID: text, courseTitle: text, questions: questions, chosen: [1, nil], attempt: text,
            passMark: 2, errors: failed ? [] : [FormError(field: "q1", message: text)], failed: result, back: text)
    }

    private static var egpReportEntries: [Entry] {
        [
            Entry("report-router", "ReportRouterPage.render") { text in
                let text2 = text + " 2"
                let question = ReportRouterPage.Question(
                    name: text, title: text, hint: text,
                    options: [(value: text, label: text), (value: text2, label: text2)])
                let model = ReportRouterPage.Model(
                    slug: text, partnershipName: text, question: question, carried: [(text, text), (text2, text2)],
                    back: text, isFirst: true, error: text)
                return ReportRouterPage.render(model)
            },
            Entry("report-result", "ReportResultPage.render") { text in
                let text2 = text + " 2"
                let routes: [ReportResultPage.Route] = [
                    ReportResultPage.Route(title: text, how: text, ready: [text, text2], next: text, isSupport: false),
                    ReportResultPage.Route(title: text2, how: text2, ready: [text2], next: text2, isSupport: false),
                    ReportResultPage.Route(title: text, how: text, ready: [text], next: text, isSupport: true),
                ]
                let model = ReportResultPage.Model(
                    slug: text, partnershipName: text, routes: routes, localContacts: [text, text2], startAgain: text,
                    back: text)
                return ReportResultPage.render(model)
            },
        ]
    }

    private static var egpResourceEntries: [Entry] {
        [
            Entry("resource-public-list", "ResourcePages.publicList") { text in
                let text2 = text + " 2"
                let options: ResourcePages.Options = [(value: text, label: text), (value: text2, label: text2)]
                let filters = ResourcePages.Filters(
                    themes: options, audiences: options, objectives: options, kinds: options, theme: text,
                    audience: text, objective: text, kind: text)
                return ResourcePages.publicList(
                    slug: text, partnershipName: text, items: egpResourceItems(text, status: text), filters: filters)
            },
            Entry("resource-public-item", "ResourcePages.publicItem") { text in
                ResourcePages.publicItem(slug: text, item: egpResourceItems(text, status: text)[0])
            },
            Entry("resource-public-item-link", "ResourcePages.publicItem") { text in
                // A link, not an image: "What it shows" as text and "Open" instead of the image and "Download".
                ResourcePages.publicItem(slug: text, item: egpResourceItems(text, status: text)[1])
            },
            Entry("resource-staff-list", "ResourcePages.staffList") { text in
                ResourcePages.staffList(
                    slug: text, items: egpResourceItems(text, status: text), canAdd: true, status: text,
                    counts: [
                        (status: text, label: text, count: 3), (status: text + " 2", label: text + " 2", count: 1),
                    ],
                    chrome: .mock(text))
            },
            Entry("resource-new", "ResourcePages.new") { text in
                let text2 = text + " 2"
                let options: ResourcePages.Options = [(value: text, label: text), (value: text2, label: text2)]
                var model = ResourcePages.NewModel(
                    slug: text, kinds: options, themes: options, audiences: options, objectives: options, maxSize: text)
                model.title = text
                model.description = text
                model.kind = text
                model.link = text
                model.altText = text
                model.transcript = text
                model.themeIDs = [text]
                model.audienceIDs = [text]
                model.objectiveIDs = [text2]
                model.video.credit = text
                model.video.consentNote = text
                model.video.showsYoungPeople = "yes"
                model.video.consentConfirmed = true
                model.errors = [FormError(field: "title", message: text), FormError(field: "link", message: text2)]
                return ResourcePages.new(model, chrome: .mock(text))
            },
            Entry("resource-staff-item", "ResourcePages.staffItem") { text in
                ResourcePages.staffItem(
                    slug: text, item: egpResourceItems(text, status: text)[0], canModerate: true, canOpenFile: true,
                    errors: [FormError(field: "note", message: text)], note: text, chrome: .mock(text))
            },
            Entry("resource-video-public", "ResourcePages.publicItem") { text in
                ResourcePages.publicItem(slug: text, item: egpVideo(text))
            },
            Entry("resource-video-staff", "ResourcePages.staffItem") { text in
                ResourcePages.staffItem(
                    slug: text, item: egpVideo(text), canModerate: true, canOpenFile: true, errors: [], note: "",
                    chrome: .mock(text))
            },
            Entry("resource-staff-item-published", "ResourcePages.staffItem") { text in
                // Published: "Withdraw it" and the link to the public page instead of "Approve it".
                ResourcePages.staffItem(
                    slug: text, item: egpResourceItems(text, status: "published")[0], canModerate: true,
                    canOpenFile: true, errors: [FormError(field: "note", message: text)], note: text,
                    chrome: .mock(text))
            },
        ]
    }

    /// An uploaded video with its credit and consent record (issue 23).
    private static func egpVideo(_ text: String) -> ResourcePages.Item {
        var item = egpResourceItems(text, status: "published")[0]
        item.isImage = false
        item.isVideo = true
        item.credit = text
        item.consent = text
        return item
    }

    /// An uploaded image (first) and a link (second).
    private static func egpResourceItems(_ text: String, status: String) -> [ResourcePages.Item] {
        let text2 = text + " 2"
        return [
            ResourcePages.Item(
                id: text, title: text, description: text, kind: text, format: text, tags: [text, text2],
                altText: text, transcript: text + "\n" + text2, isImage: true, isLink: false, status: status,
                statusLabel: text, note: text, addedBy: text, added: text, moderated: text, views: 12,
                downloads: 3),
            ResourcePages.Item(
                id: text2, title: text2, description: text2, kind: text2, format: text2, tags: [text2],
                altText: text2, transcript: text2, isImage: false, isLink: true, status: status,
                statusLabel: text2, note: text2, addedBy: text2, added: text2, moderated: text2, views: 5,
                downloads: 1),
        ]
    }
}
