import Fluent
import SaferCyberCore
import SaferCyberViews
import Vapor

/// Public pages (no account) and operational endpoints.
struct PublicController {
    func root(req: Request) async throws -> Response {
        req.redirect(to: SiteURL.dashboard.path)
    }

    func publicHome(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else {
            throw NotFound("partnership")
        }
        let events = try await Events.upcoming(partnershipID: partnership.requireID(), on: req.db).prefix(3).map {
            event in
            PublicHomePage.Event(
                title: event.title, when: EventTimes.span(event.startsAt, event.endsAt),
                place: event.isOnline
                    ? "Online" : [event.venue, event.area].filter { !$0.isEmpty }.joined(separator: ", "),
                url: .publicEvent(slug: partnership.slug, id: event.id!.uuidString))
        }
        let id = try partnership.requireID()
        let courses = try await Courses.offered(partnershipID: id, library: req.application.courses, on: req.db).map(
            CoursesController.summary)
        let resources = try await Resources.published(partnershipID: id, on: req.db).count
        let hasLogo = try await Logos.find(partnershipID: id, on: req.db) != nil
        return PublicHomePage.render(
            .init(
                partnershipName: partnership.name, slug: partnership.slug, events: Array(events), courses: courses,
                resources: resources, hasLogo: hasLogo)
        ).htmlResponse()
    }

    /// The privacy notice (issue 21), made from the partnership's settings.
    func privacy(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else { throw NotFound("partnership") }
        let config = req.application.config
        let notice = PrivacyNotice.build(
            partnership: partnership, checkContactMonths: config.checkContactRetentionMonths,
            safeguardingMonths: config.safeguardingRetentionMonths)
        return NoticePages.privacy(
            .init(
                slug: partnership.slug, partnershipName: notice.partnershipName, controller: notice.controller,
                contactEmail: notice.contactEmail, dpoContact: notice.dpoContact,
                processing: notice.processing.map {
                    .init(activity: $0.activity, data: $0.data, purpose: $0.purpose, lawfulBasis: $0.lawfulBasis)
                }, kept: notice.retention.map { .init(what: $0.what, keptFor: $0.keptFor, then: $0.then) })
        ).htmlResponse()
    }

    /// The accessibility statement (issue 21), in GOV.UK's model form, with the project's own checks.
    func accessibility(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else { throw NotFound("partnership") }
        return NoticePages.accessibility(
            .init(
                slug: partnership.slug, partnershipName: partnership.name,
                contactEmail: partnership.contactEmail.flatMap { $0.isEmpty ? nil : $0 },
                checkedOn: AccessibilityChecks.checkedOn, tool: AccessibilityChecks.tool,
                standard: AccessibilityChecks.standard, pagesChecked: AccessibilityChecks.pagesChecked,
                violations: AccessibilityChecks.violations, knownIssues: AccessibilityChecks.knownIssues)
        ).htmlResponse()
    }

    /// The partnership's logo, checked as PNG or JPEG when it was uploaded.
    func logo(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug),
            let logo = try await Logos.find(partnershipID: partnership.requireID(), on: req.db),
            let kind = UploadCheck.Kind(rawValue: logo.kind)
        else { throw NotFound("logo") }
        return Response(
            status: .ok,
            headers: [
                "Content-Type": kind.mimeType, "Cache-Control": "public, max-age=300",
                "X-SaferCyber-File-Policy": "default-src 'none'; sandbox",
            ], body: .init(data: logo.bytes))
    }

    /// The partnership's colour for its public pages; empty when it uses the standard colours.
    func brandStylesheet(req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"),
            let partnership = try await Partnerships.find(on: req.db, slug: slug)
        else {
            throw NotFound("partnership")
        }
        // Stored colours were checked on saving; checked again here so nothing but a colour reaches the stylesheet.
        let css =
            partnership.brandColour.flatMap(BrandColour.init).map {
                ".site-header{background:\($0.hex)}.button:not(.secondary){background:\($0.hex)}"
            } ?? ""
        return Response(
            status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300"],
            body: .init(string: css))
    }

    func stylesheet(req: Request) async throws -> Response {
        Response(
            status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
            body: .init(string: Stylesheet.css))
    }

    func uploadScript(req: Request) async throws -> Response {
        Response(
            status: .ok,
            headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600"],
            body: .init(string: UploadScript.javascript))
    }

    func gameScript(req: Request) async throws -> Response {
        Response(
            status: .ok,
            headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600"],
            body: .init(string: GameScript.javascript))
    }

    /// 200 when the database answers, 503 otherwise. Used by load balancers and monitoring.
    func health(req: Request) async throws -> Response {
        do {
            _ = try await Partnership.query(on: req.db).count()
            return try await ["status": "ok", "database": "ok"].encodeResponse(for: req)
        } catch {
            req.logger.error("Health check failed: \(String(reflecting: error))")
            let response = try await ["status": "unavailable", "database": "not answering"].encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}
