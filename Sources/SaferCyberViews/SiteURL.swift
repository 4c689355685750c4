/// Every address in SaferCyber. Routes are registered from these and links are built from them,
/// so a link can never point at a route that does not exist.
public enum SiteURL: Sendable, Equatable {
    case root
    case health, metrics, stylesheet, uploadScript
    case signIn, signOut, dashboard, changePassword, signInCode, twoFactor
    case invitation(token: String)
    case forgotPassword
    case passwordReset(token: String)
    case admin, adminPartnerships
    case adminUserDisabled(userID: String)
    case partnership(slug: String, PartnershipPage)
    case publicHome(slug: String)
    /// "Where do I report this?": the questions (answers in the query) and the result.
    case publicReport(slug: String)
    case publicReportResult(slug: String)
    /// The partnership's colour for its public pages, as a small stylesheet (inline styles are not allowed by the CSP).
    case publicBrand(slug: String)
    /// The partnership's privacy notice and accessibility statement (issue 21), linked from every public page's footer.
    case publicPrivacy(slug: String)
    case publicAccessibility(slug: String)
    case publicLogo(slug: String)
    /// Awareness courses: the list, a course's start, its pages, the quiz, and (by private code) the result and certificate.
    case publicCourses(slug: String)
    case publicCourse(slug: String, course: String)
    case publicCoursePage(slug: String, course: String, page: String)
    case publicCourseQuiz(slug: String, course: String)
    case publicCourseComplete(slug: String, course: String, code: String)
    case publicCourseCertificate(slug: String, course: String, code: String)
    /// The resilience check: choosing one, its areas (answers carried in the form), and a result's private page.
    case publicChecks(slug: String)
    case publicCheck(slug: String, check: String)
    case publicCheckResult(slug: String, token: String)
    /// The resource library: published items, one item, its file (or its link, counted).
    case publicResources(slug: String)
    case publicResource(slug: String, id: String)
    case publicResourceFile(slug: String, id: String)
    case publicResourceOpen(slug: String, id: String)
    /// A published video's WebVTT captions (issue 23).
    case publicResourceCaptions(slug: String, id: String)
    /// Students send their work through a coordinator's time-limited link (issue 23).
    case publicSubmit(slug: String, token: String)
    case publicEvents(slug: String)
    case publicEvent(slug: String, id: String)
    case publicEventFeedback(slug: String, id: String)
    case publicBooking(slug: String, token: String)
    case publicBookingCalendar(slug: String, token: String)
    case publicBookingCancel(slug: String, token: String)
    case publicBookingConfirm(slug: String, token: String)
    case publicBookingPledge(slug: String, token: String)
    case publicBookingTold(slug: String, token: String)
    case publicBookingErase(slug: String, token: String)
    /// `stage` is before, after or once.
    case publicSurvey(slug: String, id: String, stage: String)
    case publicSurveyThanks(slug: String, id: String, stage: String)
    case api(APIPath)
    /// Players: no account, a game code, a team name.
    case play
    case playGame(code: String)
    case playJoin(code: String)
    case playAnswer(code: String)
    case playHint(code: String)
    case playBasket(code: String)
    case playAgree(code: String)
    case playLive(code: String)
    case playState(code: String)
    case playCertificate(code: String)
    case gameScript

    /// Used as a route parameter in patterns, e.g. `SiteURL.partnership(slug: SiteURL.param("slug"), .home)`.
    public static func param(_ name: String) -> String { ":" + name }

    public var path: String {
        switch self {
        case .root: "/"
        case .health: "/health"
        case .metrics: "/metrics"
        case .stylesheet: "/assets/site.css"
        case .uploadScript: "/assets/crime-upload.js"
        case .signIn: "/app/sign-in"
        case .signOut: "/app/sign-out"
        case .dashboard: "/app"
        case .changePassword: "/app/account/password"
        case .signInCode: "/app/sign-in/code"
        case .twoFactor: "/app/account/two-step"
        case .invitation(let token): "/app/invitations/\(token)"
        case .forgotPassword: "/app/forgot-password"
        case .passwordReset(let token): "/app/password-reset/\(token)"
        case .admin: "/app/admin"
        case .adminPartnerships: "/app/admin/partnerships"
        case .adminUserDisabled(let id): "/app/admin/users/\(id)/disabled"
        case .partnership(let slug, let page): "/app/p/\(slug)" + page.suffix
        case .publicHome(let slug): "/p/\(slug)"
        case .publicReport(let slug): "/p/\(slug)/report"
        case .publicReportResult(let slug): "/p/\(slug)/report/result"
        case .publicBrand(let slug): "/p/\(slug)/brand.css"
        case .publicPrivacy(let slug): "/p/\(slug)/privacy"
        case .publicAccessibility(let slug): "/p/\(slug)/accessibility"
        case .publicLogo(let slug): "/p/\(slug)/logo"
        case .publicCourses(let slug): "/p/\(slug)/learn"
        case .publicCourse(let slug, let course): "/p/\(slug)/learn/\(course)"
        case .publicCoursePage(let slug, let course, let page): "/p/\(slug)/learn/\(course)/\(page)"
        case .publicCourseQuiz(let slug, let course): "/p/\(slug)/learn/\(course)/quiz"
        case .publicCourseComplete(let slug, let course, let code): "/p/\(slug)/learn/\(course)/complete/\(code)"
        case .publicCourseCertificate(let slug, let course, let code): "/p/\(slug)/learn/\(course)/certificate/\(code)"
        case .publicResources(let slug): "/p/\(slug)/resources"
        case .publicChecks(let slug): "/p/\(slug)/check"
        case .publicCheck(let slug, let check): "/p/\(slug)/check/\(check)"
        case .publicCheckResult(let slug, let token): "/p/\(slug)/check/results/\(token)"
        case .publicResource(let slug, let id): "/p/\(slug)/resources/\(id)"
        case .publicResourceFile(let slug, let id): "/p/\(slug)/resources/\(id)/file"
        case .publicResourceOpen(let slug, let id): "/p/\(slug)/resources/\(id)/open"
        case .publicResourceCaptions(let slug, let id): "/p/\(slug)/resources/\(id)/captions.vtt"
        case .publicSubmit(let slug, let token): "/p/\(slug)/submit/\(token)"
        case .publicEvents(let slug): "/p/\(slug)/events"
        case .publicEvent(let slug, let id): "/p/\(slug)/events/\(id)"
        case .publicEventFeedback(let slug, let id): "/p/\(slug)/events/\(id)/feedback"
        case .publicBooking(let slug, let token): "/p/\(slug)/bookings/\(token)"
        case .publicBookingCalendar(let slug, let token): "/p/\(slug)/bookings/\(token)/calendar.ics"
        case .publicBookingCancel(let slug, let token): "/p/\(slug)/bookings/\(token)/cancel"
        case .publicBookingConfirm(let slug, let token): "/p/\(slug)/bookings/\(token)/confirm"
        case .publicBookingPledge(let slug, let token): "/p/\(slug)/bookings/\(token)/ambassador"
        case .publicBookingTold(let slug, let token): "/p/\(slug)/bookings/\(token)/told"
        case .publicBookingErase(let slug, let token): "/p/\(slug)/bookings/\(token)/erase"
        case .publicSurvey(let slug, let id, let stage): "/p/\(slug)/surveys/\(id)/\(stage)"
        case .publicSurveyThanks(let slug, let id, let stage): "/p/\(slug)/surveys/\(id)/\(stage)/thanks"
        case .api(let api): "/api/v1" + api.suffix
        case .play: "/play"
        case .playGame(let code): "/play/\(code)"
        case .playJoin(let code): "/play/\(code)/join"
        case .playAnswer(let code): "/play/\(code)/answer"
        case .playHint(let code): "/play/\(code)/hint"
        case .playBasket(let code): "/play/\(code)/basket"
        case .playAgree(let code): "/play/\(code)/agree"
        case .playLive(let code): "/play/\(code)/live"
        case .playState(let code): "/play/\(code)/state"
        case .playCertificate(let code): "/play/\(code)/certificate"
        case .gameScript: "/assets/game.js"
        }
    }
}

/// Pages inside one partnership's staff area, `/app/p/{slug}/…`.
public enum PartnershipPage: Sendable, Equatable {
    case home
    case settings
    case settingsName
    case settingsRetention
    case settingsPrivacy
    case settingsDisclosure
    case settingsYearStart
    case settingsTwoStep
    case settingsLocalContacts
    case settingsBrandColour
    case settingsLogo
    case settingsCourses
    /// The resource library as staff see it: everything, adding, one item and its moderation.
    case resources
    case resourceNew
    case resource(id: String)
    case resourceModerate(id: String)
    case resourceFile(id: String)
    case resourceCaptions(id: String)
    case resourceDelete(id: String)
    /// Links a coordinator gives a school so students can send work in (issue 23).
    case submissionLinks
    case submissionLinkRevoke(id: String)
    /// Restricted referrals (safeguarding role) and their anonymous figures (everyone in the partnership).
    case referrals
    case referralNew
    case referralFigures
    case referral(id: String)
    case referralEdit(id: String)
    case referralExport(id: String)
    case referralInterventions(id: String)
    case referralInterventionDelivered(id: String, intervention: String)
    case referralPathways(id: String)
    case referralPathwayTaken(id: String, pathway: String)
    case referralClose(id: String)
    case referralFollowUp(id: String)
    /// The register of organisations (issue 23): list and CSV, one record, linking, and the figures.
    case organisations
    case organisationsExport
    case organisation(id: String)
    case organisationLinks(id: String)
    case organisationRemove(id: String)
    case organisationFigures
    case organisationFiguresExport
    /// Resilience checks as the partnership sees them: figures, CSV, and the follow-up list.
    case checks
    case checksExport
    case checkFollowUps
    case checkContacted(id: String)
    /// `list` is one of partners, themes, objectives, audiences.
    case settingsAdd(list: String)
    case settingsRename(list: String, id: String)
    case settingsRemove(list: String, id: String)
    case users
    case invite
    case memberRole(userID: String)
    case memberRemove(userID: String)
    case memberOrganisation(userID: String)
    case roleRequests
    case roleRequest(id: String)
    case outbox
    case outboxMessage(id: String)
    case outboxSettings
    case audit
    /// Requests about one person's data: find, export, erase (issue 21).
    case dataRequests
    case apiTokens
    case apiTokenRevoke(id: String)
    case crimePicture
    case crimeExport
    case crimeImports
    case crimeUpload
    case crimeImport(id: String)
    case crimeRejections(id: String)
    case crimeRules
    case crimeRule(id: String)
    case crimeReclassify
    case crimeEditions
    case crimeRecord
    case crimeGap
    case crimeFocus
    case crimeSettings
    case crimeMappings
    case events
    case eventNew
    case event(id: String)
    case eventRegister(id: String)
    /// Everyone booked, with their answers and access needs (issue 23), and as CSV.
    case eventAttendees(id: String)
    case eventAttendeesExport(id: String)
    case eventAttendeesMessage(id: String)
    case eventCards(id: String)
    case eventCheckIn(id: String)
    case eventWalkIn(id: String)
    case engagement
    case engagementExport
    case surveys
    case survey(id: String)
    case surveyQuestions(id: String)
    case surveyQuestion(id: String, key: String)
    case surveyCopy(id: String)
    case surveyResults(id: String)
    case surveyExport(id: String)
    case surveyCards(id: String)
    case outcomes
    case outcomeRemove(id: String)
    case indicators
    case indicatorValue(id: String)
    case indicatorRemove(id: String)
    case report
    case reportExport
    case reportPDF
    case reportComment
    case reportIssue
    case games
    case game(id: String)
    case gameControl(id: String)
    case gameProjector(id: String)
    case gameLive(id: String)
    case gameState(id: String)
    case gameDebrief(id: String)
    case plan
    case planExport
    case planTimeline
    case planCrossover
    case planFlagReview
    case planActionNew
    case planAction(id: String)
    case planActionEdit(id: String)
    case planActionUpdate(id: String)
    case planMeetings
    case planMeeting(id: String)
    case scrutiny
    case scrutinyReview(id: String)
    case scrutinyEvidence(id: String)
    case scrutinyComments(id: String)
    case scrutinyCommentResolve(id: String, comment: String)
    case scrutinyRecommendations(id: String)
    case scrutinyResponse(id: String, recommendation: String)
    case scrutinyRecommendationUpdate(id: String, recommendation: String)
    case scrutinyProgress(id: String)
}

/// The JSON API, `/api/v1/…`.
public enum APIPath: Sendable, Equatable {
    case openAPI
    case partnership(slug: String)

    var suffix: String {
        switch self {
        case .openAPI: "/openapi.json"
        case .partnership(let slug): "/partnerships/\(slug)"
        }
    }
}
