import FluentKit

/// Every migration, in the order it runs. Add new ones at the end; never reorder or edit a shipped one.
public enum AllMigrations {
    public static let list: [any Migration] = [
        CreatePartnership(),
        CreatePartnershipVocabulary(),
        CreateUser(),
        CreateMembership(),
        CreateStaffSession(),
        CreateApiTokenAndInvitation(),
        CreateAuditEntry(),
        CreateCrimePicture(),
        CreateEngagement(),
        UpdatePartnershipAddRetention(),
        CreateImpact(),
        CreateGames(),
        CreatePlan(),
        CreatePublicHub(),
        CreateCoursesAndLibrary(),
        CreateResilienceChecks(),
        CreateReferrals(),
        UpdateCrimeImportAddCoverage(),
        UpdateResilienceCheckHashTokens(),
        CreatePublicFormUses(),
        CreateTwoFactor(),
        UpdatePartnershipAddDisclosureThreshold(),
        UpdatePartnershipAddRequiresTwoStep(),
        CreateRoleGrants(),
        UpdateApiTokenAddExpiry(),
        CreateOutbox(),
        CreateKnownDevices(),
        UpdateOutboxAddContext(),
        UpdateGeographyAddAgeBands(),
        UpdateCrimeCountsAddAgeByVictimType(),
    ]
}
