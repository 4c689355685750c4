/// Which navigation section a partnership page belongs to (the current item in the menu).
extension PartnershipPage {
    /// Pages under the "Plan" item of the navigation.
    public var isPlan: Bool {
        switch self {
        case .plan, .planExport, .planTimeline, .planCrossover, .planFlagReview, .planActionNew, .planAction,
            .planActionEdit, .planActionUpdate,
            .planMeetings, .planMeeting:
            true
        default: false
        }
    }

    /// Pages under the "Scrutiny" item of the navigation.
    public var isScrutiny: Bool {
        switch self {
        case .scrutiny, .scrutinyReview, .scrutinyEvidence, .scrutinyComments, .scrutinyCommentResolve,
            .scrutinyRecommendations,
            .scrutinyResponse, .scrutinyRecommendationUpdate, .scrutinyProgress:
            true
        default: false
        }
    }

    /// Pages under the "Surveys" item of the navigation.
    public var isSurveys: Bool {
        switch self {
        case .surveys, .survey, .surveyQuestions, .surveyQuestion, .surveyCopy, .surveyResults, .surveyExport,
            .surveyCards:
            true
        default: false
        }
    }

    /// Pages under the "Outcomes" item of the navigation.
    public var isGames: Bool {
        switch self {
        case .games, .game, .gameControl, .gameProjector, .gameLive, .gameState, .gameDebrief: true
        default: false
        }
    }

    public var isOutcomes: Bool {
        switch self {
        case .outcomes, .outcomeRemove, .indicators, .indicatorValue, .indicatorRemove: true
        default: false
        }
    }

    public var isEvents: Bool {
        switch self {
        case .events, .eventNew, .event, .eventRegister, .eventAttendees, .eventAttendeesExport,
            .eventAttendeesMessage, .eventCards, .eventCheckIn,
            .eventWalkIn, .engagement, .engagementExport:
            true
        default: false
        }
    }

    /// Pages that belong under the "Referrals" item of the navigation.
    public var isReferrals: Bool {
        switch self {
        case .referrals, .referralNew, .referral, .referralEdit, .referralExport, .referralInterventions,
            .referralInterventionDelivered,
            .referralPathways, .referralPathwayTaken, .referralClose, .referralFollowUp:
            true
        default: false
        }
    }

    /// Pages under the "Organisations" item of the navigation.
    public var isOrganisations: Bool {
        switch self {
        case .organisations, .organisationsExport, .organisation, .organisationLinks, .organisationRemove,
            .organisationFigures, .organisationFiguresExport:
            true
        default: false
        }
    }

    /// Pages that belong under the "Checks" item of the navigation.
    public var isChecks: Bool {
        switch self {
        case .checks, .checksExport, .checkFollowUps, .checkContacted: true
        default: false
        }
    }

    /// Pages that belong under the "Resources" item of the navigation.
    public var isResources: Bool {
        switch self {
        case .resources, .resourceNew, .resource, .resourceModerate, .resourceFile, .resourceCaptions, .resourceDelete,
            .submissionLinks,
            .submissionLinkRevoke:
            true
        default: false
        }
    }

    /// Pages that belong under the "Crime picture" item of the navigation.
    public var isCrimePicture: Bool {
        switch self {
        case .crimePicture, .crimeExport, .crimeImports, .crimeUpload, .crimeImport, .crimeRejections, .crimeRules,
            .crimeRule,
            .crimeReclassify, .crimeEditions, .crimeRecord, .crimeGap, .crimeFocus, .crimeSettings, .crimeMappings:
            true
        default: false
        }
    }
}
