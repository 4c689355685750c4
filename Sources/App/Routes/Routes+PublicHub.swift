import SaferCyberCore
import SaferCyberViews
import Vapor

/// Courses, the resource library and the logo: public pages without an account (issue 8).
extension Routes {
    /// Courses, resilience checks, public resources and student submissions.
    func publicHub() {
        let course = SiteURL.param("course")
        let code = SiteURL.param("code")
        let open = PublicController()
        app.get(path(.publicLogo(slug: slug)), use: open.logo)
        let courses = CoursesController()
        app.get(path(.publicCourses(slug: slug)), use: courses.list)
        app.get(path(.publicCourse(slug: slug, course: course)), use: courses.start)
        app.get(path(.publicCoursePage(slug: slug, course: course, page: SiteURL.param("page"))), use: courses.page)
        app.get(path(.publicCourseQuiz(slug: slug, course: course)), use: courses.quiz)
        app.post(path(.publicCourseQuiz(slug: slug, course: course)), use: courses.answerQuiz)
        app.get(path(.publicCourseComplete(slug: slug, course: course, code: code)), use: courses.complete)
        app.post(path(.publicCourseComplete(slug: slug, course: course, code: code)), use: courses.describe)
        app.get(path(.publicCourseCertificate(slug: slug, course: course, code: code)), use: courses.certificate)
        let checks = ChecksController()
        let token = SiteURL.param("token")
        app.get(path(.publicChecks(slug: slug)), use: checks.start)
        app.get(path(.publicCheck(slug: slug, check: SiteURL.param("check"))), use: checks.first)
        app.post(path(.publicCheck(slug: slug, check: SiteURL.param("check"))), use: checks.answer)
        app.get(path(.publicCheckResult(slug: slug, token: token)), use: checks.result)
        app.post(path(.publicCheckResult(slug: slug, token: token)), use: checks.describe)
        let resources = PublicResourcesController()
        app.get(path(.publicResources(slug: slug)), use: resources.list)
        app.get(path(.publicResource(slug: slug, id: id)), use: resources.show)
        app.get(path(.publicResourceFile(slug: slug, id: id)), use: resources.file)
        app.get(path(.publicResourceOpen(slug: slug, id: id)), use: resources.open)
        app.get(path(.publicResourceCaptions(slug: slug, id: id)), use: resources.captions)
        let studentWork = SubmissionsController()
        app.get(path(.publicSubmit(slug: slug, token: SiteURL.param("token"))), use: studentWork.show)
        app.on(
            .POST, path(.publicSubmit(slug: slug, token: SiteURL.param("token"))), body: .stream,
            use: studentWork.submit)
    }
}
