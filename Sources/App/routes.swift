import SaferCyberCore
import SaferCyberViews
import Vapor

/// Every route, registered from `SiteURL` so links and routes cannot drift apart.
/// Each partnership route's permission is checked inside its handler via `req.access(_:)`;
/// `docs/permissions.md` lists them and `RoutePermissionMatrixTests` checks every route × role.
func routes(_ app: Application) throws {
    let slug = SiteURL.param("slug")
    func path(_ url: SiteURL) -> [PathComponent] { url.path.pathComponents }
    func page(_ page: PartnershipPage) -> [PathComponent] { path(.partnership(slug: slug, page)) }

    let open = PublicController()
    app.get(path(.root), use: open.root)
    app.get(path(.health), use: open.health)
    app.get(path(.stylesheet), use: open.stylesheet)
    app.get(path(.uploadScript), use: open.uploadScript)
    app.get(path(.publicHome(slug: slug)), use: open.publicHome)
    let reporting = PublicReportController()
    app.get(path(.publicReport(slug: slug)), use: reporting.show)
    app.get(path(.publicReportResult(slug: slug)), use: reporting.result)
    let events = PublicEventsController()
    let eventID = SiteURL.param("id"), token = SiteURL.param("token")
    app.get(path(.publicEvents(slug: slug)), use: events.list)
    app.get(path(.publicEvent(slug: slug, id: eventID)), use: events.show)
    app.post(path(.publicEvent(slug: slug, id: eventID)), use: events.signUp)
    app.get(path(.publicBooking(slug: slug, token: token)), use: events.showBooking)
    app.get(path(.publicBookingCalendar(slug: slug, token: token)), use: events.calendar)
    app.post(path(.publicBookingCancel(slug: slug, token: token)), use: events.cancel)
    app.post(path(.publicBookingPledge(slug: slug, token: token)), use: events.pledge)
    app.post(path(.publicBookingTold(slug: slug, token: token)), use: events.told)
    app.post(path(.publicBookingErase(slug: slug, token: token)), use: events.erase)

    let publicSurveys = PublicSurveysController()
    let stage = SiteURL.param("stage")
    app.get(path(.publicSurvey(slug: slug, id: eventID, stage: stage)), use: publicSurveys.show)
    app.post(path(.publicSurvey(slug: slug, id: eventID, stage: stage)), use: publicSurveys.answer)
    app.get(path(.publicSurveyThanks(slug: slug, id: eventID, stage: stage)), use: publicSurveys.thanks)

    let signIn = SignInController()
    app.get(path(.signIn), use: signIn.show)
    app.post(path(.signIn), use: signIn.signIn)
    app.post(path(.signOut), use: signIn.signOut)

    let account = AccountController()
    app.get(path(.changePassword), use: account.showPassword)
    app.post(path(.changePassword), use: account.changePassword)
    app.get(path(.invitation(token: SiteURL.param("token"))), use: account.showInvitation)
    app.post(path(.invitation(token: SiteURL.param("token"))), use: account.accept)

    let admin = AdminController()
    app.get(path(.admin), use: admin.show)
    app.post(path(.adminPartnerships), use: admin.createPartnership)
    app.post(path(.adminUserDisabled(userID: SiteURL.param("userID"))), use: admin.toggleDisabled)

    let dashboard = DashboardController()
    app.get(path(.dashboard), use: dashboard.dashboard)
    app.get(page(.home), use: dashboard.home)

    let settings = SettingsController()
    let list = SiteURL.param("list"), id = SiteURL.param("id")
    app.get(page(.settings), use: settings.show)
    app.post(page(.settingsName), use: settings.rename)
    app.post(page(.settingsRetention), use: settings.retention)
    app.post(page(.settingsLocalContacts), use: settings.localContacts)
    app.post(page(.settingsAdd(list: list)), use: settings.add)
    app.post(page(.settingsRename(list: list, id: id)), use: settings.renameItem)
    app.post(page(.settingsRemove(list: list, id: id)), use: settings.removeItem)

    let users = UsersController()
    let userID = SiteURL.param("userID")
    app.get(page(.users), use: users.show)
    app.post(page(.invite), use: users.invite)
    app.post(page(.memberRole(userID: userID)), use: users.changeRole)
    app.post(page(.memberRemove(userID: userID)), use: users.remove)

    app.get(page(.audit), use: AuditController().show)

    let tokens = ApiTokenController()
    app.get(page(.apiTokens), use: tokens.show)
    app.post(page(.apiTokens), use: tokens.create)
    app.post(page(.apiTokenRevoke(id: id)), use: tokens.revoke)

    let staffEvents = EventsController(), register = RegisterController()
    app.get(page(.events), use: staffEvents.list)
    app.get(page(.eventNew), use: staffEvents.new)
    app.post(page(.eventNew), use: staffEvents.create)
    app.get(page(.event(id: id)), use: staffEvents.edit)
    app.post(page(.event(id: id)), use: staffEvents.update)
    app.get(page(.eventRegister(id: id)), use: register.show)
    app.post(page(.eventCheckIn(id: id)), use: register.checkIn)
    app.post(page(.eventWalkIn(id: id)), use: register.walkIn)

    let engagement = EngagementController()
    app.get(page(.engagement), use: engagement.show)
    app.get(page(.engagementExport), use: engagement.export)

    let surveys = SurveysController(), results = SurveyResultsController()
    app.get(page(.surveys), use: surveys.list)
    app.post(page(.surveys), use: surveys.create)
    app.get(page(.survey(id: id)), use: surveys.show)
    app.post(page(.survey(id: id)), use: surveys.update)
    app.post(page(.surveyQuestions(id: id)), use: surveys.addQuestion)
    app.post(page(.surveyQuestion(id: id, key: SiteURL.param("key"))), use: surveys.changeQuestion)
    app.post(page(.surveyCopy(id: id)), use: surveys.copy)
    app.get(page(.surveyCards(id: id)), use: surveys.cards)
    app.get(page(.surveyResults(id: id)), use: results.show)
    app.get(page(.surveyExport(id: id)), use: results.export)
    let outcomes = OutcomesController()
    app.get(page(.outcomes), use: outcomes.show)
    app.post(page(.outcomes), use: outcomes.addOutcome)
    app.post(page(.outcomeRemove(id: id)), use: outcomes.removeOutcome)
    app.post(page(.indicators), use: outcomes.addIndicator)
    app.post(page(.indicatorValue(id: id)), use: outcomes.setValue)
    app.post(page(.indicatorRemove(id: id)), use: outcomes.removeIndicator)
    let report = ReportController()
    app.get(page(.report), use: report.show)
    app.get(page(.reportExport), use: report.export)

    let crime = CrimePictureController()
    app.get(page(.crimePicture), use: crime.show)
    app.get(page(.crimeExport), use: crime.export)
    let analysis = CrimeAnalysisController()
    app.get(page(.crimeGap), use: analysis.gap)
    app.get(page(.crimeFocus), use: analysis.focus)
    app.post(page(.crimeSettings), use: analysis.saveSettings)
    let rules = CrimeRulesController()
    app.get(page(.crimeRules), use: rules.show)
    app.post(page(.crimeRules), use: rules.add)
    app.post(page(.crimeReclassify), use: rules.reclassify)
    app.post(page(.crimeRule(id: id)), use: rules.change)
    app.get(page(.crimeRecord), use: rules.record)
    let mappings = CrimeMappingsController()
    app.get(page(.crimeMappings), use: mappings.show)
    app.post(page(.crimeMappings), use: mappings.submit)
    let imports = CrimeImportController()
    app.get(page(.crimeImports), use: imports.list)
    // Streamed to disk: the body is never collected in memory (see CSRFMiddleware for the token check).
    app.on(.POST, page(.crimeImports), body: .stream, use: imports.upload)
    app.get(page(.crimeImport(id: id)), use: imports.show)
    app.get(page(.crimeRejections(id: id)), use: imports.rejections)

    let games = GamesController()
    app.get(page(.games), use: games.list)
    app.post(page(.games), use: games.create)
    app.get(page(.game(id: id)), use: games.show)
    app.post(page(.gameControl(id: id)), use: games.control)
    app.get(page(.gameProjector(id: id)), use: games.projector)
    app.get(page(.gameState(id: id)), use: games.state)
    app.get(page(.gameDebrief(id: id)), use: games.debrief)
    app.webSocket(page(.gameLive(id: id)), shouldUpgrade: { req in
        // Only staff of this partnership may watch, and only from this site's own pages; checked before upgrading.
        guard CSRFMiddleware().originMatches(req) else { throw Abort(.forbidden, reason: "Live updates are only for this site's own pages.") }
        _ = try await req.access(.viewAggregates)
        return [:]
    }, onUpgrade: games.live)

    registerPlan(app, page: page, id: id)

    let play = PlayController(), code = SiteURL.param("code")
    app.get(path(.play), use: play.enterCode)
    app.get(path(.playGame(code: code)), use: play.show)
    app.post(path(.playJoin(code: code)), use: play.join)
    app.post(path(.playAnswer(code: code)), use: play.answer)
    app.post(path(.playHint(code: code)), use: play.hint)
    app.post(path(.playBasket(code: code)), use: play.basket)
    app.post(path(.playAgree(code: code)), use: play.agree)
    app.get(path(.playState(code: code)), use: play.state)
    app.get(path(.playCertificate(code: code)), use: play.certificate)
    app.webSocket(path(.playLive(code: code)), shouldUpgrade: { req in
        guard CSRFMiddleware().originMatches(req) else { throw Abort(.forbidden, reason: "Live updates are only for this site's own pages.") }
        return [:]
    }, onUpgrade: play.live)
    app.get(path(.gameScript), use: open.gameScript)

    let api = APIController()
    app.get(path(.api(.openAPI)), use: api.openAPI)
    app.get(path(.api(.partnership(slug: slug))), use: api.partnership)
}

/// The partnership plan, sub-group meetings and scrutiny reviews (issue 7).
private func registerPlan(_ app: Application, page: (PartnershipPage) -> [PathComponent], id: String) {
    let plan = PlanController(), actions = PlanActionsController(), crossover = PlanCrossoverController(), meetings = PlanMeetingsController()
    app.get(page(.plan), use: plan.show)
    app.get(page(.planExport), use: plan.export)
    app.get(page(.planTimeline), use: plan.timeline)
    app.get(page(.planCrossover), use: crossover.show)
    app.post(page(.planFlagReview), use: crossover.review)
    app.get(page(.planActionNew), use: actions.newForm)
    app.post(page(.planActionNew), use: actions.create)
    app.get(page(.planAction(id: id)), use: actions.show)
    app.get(page(.planActionEdit(id: id)), use: actions.editForm)
    app.post(page(.planActionEdit(id: id)), use: actions.update)
    app.post(page(.planActionUpdate(id: id)), use: actions.addUpdate)
    app.get(page(.planMeetings), use: meetings.list)
    app.post(page(.planMeetings), use: meetings.create)
    app.get(page(.planMeeting(id: id)), use: meetings.show)
    app.post(page(.planMeeting(id: id)), use: meetings.save)

    let scrutiny = ScrutinyController()
    let comment = SiteURL.param("comment"), recommendation = SiteURL.param("recommendation")
    app.get(page(.scrutiny), use: scrutiny.list)
    app.post(page(.scrutiny), use: scrutiny.create)
    app.get(page(.scrutinyReview(id: id)), use: scrutiny.show)
    app.post(page(.scrutinyReview(id: id)), use: scrutiny.saveDetails)
    app.post(page(.scrutinyEvidence(id: id)), use: scrutiny.addEvidence)
    app.post(page(.scrutinyComments(id: id)), use: scrutiny.addComment)
    app.post(page(.scrutinyCommentResolve(id: id, comment: comment)), use: scrutiny.resolveComment)
    app.post(page(.scrutinyRecommendations(id: id)), use: scrutiny.addRecommendation)
    app.post(page(.scrutinyResponse(id: id, recommendation: recommendation)), use: scrutiny.respond)
    app.post(page(.scrutinyRecommendationUpdate(id: id, recommendation: recommendation)), use: scrutiny.addUpdate)
    app.get(page(.scrutinyProgress(id: id)), use: scrutiny.progressReport)
}
