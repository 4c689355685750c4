import Foundation

/// Full addresses for links in messages. The app builds one from its public address and its own routes, so Core
/// never spells a path.
public struct MailLinks: Sendable {
    public var booking: @Sendable (_ slug: String, _ token: String) -> String
    public var invitation: @Sendable (_ token: String) -> String
    public var passwordReset: @Sendable (_ token: String) -> String
    public var signIn: String
    /// A public survey at a stage, with the participant code filled in.
    public var survey: @Sendable (_ slug: String, _ surveyID: UUID, _ stage: String, _ code: String) -> String

    public init(
        booking: @escaping @Sendable (String, String) -> String, invitation: @escaping @Sendable (String) -> String,
        passwordReset: @escaping @Sendable (String) -> String, signIn: String,
        survey: @escaping @Sendable (String, UUID, String, String) -> String
    ) {
        self.survey = survey
        self.booking = booking
        self.invitation = invitation
        self.passwordReset = passwordReset
        self.signIn = signIn
    }
}
