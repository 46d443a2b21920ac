"""The code lists of the DfE SEN2 person-level return, each in this one place with its
source. Models, forms, the export and its validation all read these.

Sources (read December 2026):
- [DfE25] DfE, "Special educational needs person level survey 2025: guide" v1.4,
  https://assets.publishing.service.gov.uk/media/675831b5f72b1d96e06bbfdf/SEN_survey_-_guide_to_person_level_SEN2_return_2025.pdf
  as transcribed, item by item, in MastodonC/witan.sen2
  src/witan/sen2/return/person_level/dictionary.clj (the PDF itself was not readable).
- [GOVUK] DfE, "Special educational needs survey: guide to submitting data",
  https://www.gov.uk/guidance/special-educational-needs-survey (census days: Thursday
  15 January 2026, Thursday 21 January 2027).
- [SYN26] The Access Group, "Configure RequestSource for SEN2 2026",
  https://help-accesssynergy.theaccessgroup.com/en/articles/13843847-configure-requestsource-for-sen2-2026
  (a supplier's help page quoting the 2026 codes; mandatory from 2026).
- [CBDS] DfE Common Basic Data Set main ethnicity and sex codes, as in the school census.

- [XSD24] The SEN2 2024 XML schema as published with Social Finance's liia-tools,
  SocialFinanceDigitalLabs/liia-tools liiatools/spec/sen2/SEN2_schema_2024.xsd at commit
  81996262b98082c32f8bc709a2f9a616fb22a187 (its simple types requestoutcometype,
  assessmentoutcometype, reviewoutcometype, restype, wbptype, dptype, unknownupntype).
  Cross-checked with MastodonC/witan.sen2 (same item names; its dictionary.clj holds
  only the CeaseReason, SENsetting and SENtype lists, which agree with the xsd's).
  The 2024 schema predates RequestSource (2026) and the SENtype DS (2025 guide), both
  kept from their own sources above.
- [SF26] Social Finance's SEN2 schemas for the 2025 and 2026 collections, written from the
  DfE "guide for LAs" item by item (each element carries the guide's item number and,
  where it matters, the guide's words in a comment):
  SocialFinanceDigitalLabs/liia-tools-pipeline liiatools/sen2_pipeline/spec/
  sen2_schema_2026.xsd and SEN2_schema_2025.xsd (commits 4441bf9696c3c87898e6bef6c93682a1
  47338157 and 77f7791bd2407606e96356726e1666f4d439a58b). A third party's working schema,
  not DfE's (its own comments say so; its ULN pattern is wrong): used for the guide's
  words it quotes, the item numbers and the element order, not as a validator."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

# A council's 3-digit DfE LA code: Header LEA, TransferLA and Exported ([XSD24] pattern
# \d{3}).
LA_CODE = RegexValidator(r"^\d{3}$", "Enter the council's 3-digit LA code, like 873")


def validate_exported_to_la(code: str) -> None:
    """Exported names the council the case went to: a 3-digit LA code, and not this
    council's own (settings.SEN2_LA_CODE), which would say the case never left."""
    if not code:
        return
    LA_CODE(code)
    if code == settings.SEN2_LA_CODE:
        raise ValidationError(
            "Enter the code of the council they moved to, not this council's own (%(code)s)",
            params={"code": code},
        )


class Sex(models.TextChoices):
    """Person item "Sex" (replaced GenderCurrent from spec v1.2). [CBDS] Confidence MED:
    M and F are in every DfE census; U (not known) as in the CBDS sex code set."""

    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """Person item "Ethnicity": the DfE main ethnicity codes [CBDS]. Confidence MED-HIGH:
    the long-standing main codes; extended codes (e.g. WENG) are not used."""

    WBRI = "WBRI", "White – British"
    WIRI = "WIRI", "White – Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy or Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class UpnUnknown(models.TextChoices):
    """Person item "UPNunknown" (item 1.7c): why a child has no UPN. [XSD24]
    unknownupntype allows UN1 to UN10 with no meanings; [SF26] upnunknowntype lists, for
    both 2025 and 2026, UN1, UN2, UN3, UN5, UN8, UN9 and UN10 with the meanings below
    (quoted from it) and not UN4, UN6 or UN7, which are therefore offered to nobody
    (CURRENT_UPN_UNKNOWN) and refused by the SEN2 check (validation upn_unknown_retired).
    The codes stay allowed in the table so that a value stored earlier still reads.
    UN3 and UN5 were labelled "Educated at home" and "Records that hold the UPN are
    incomplete" before a source was found: a case recorded with them should be checked."""

    UN1 = "UN1", "Child is aged under 6 years old and is not yet assigned a UPN"
    UN2 = (
        "UN2",
        (
            "Child has never attended a state-funded school in England and has not been "
            "assigned a UPN"
        ),
    )
    UN3 = "UN3", "Child is educated outside of England and has not been assigned a UPN"
    UN4 = "UN4", "UN4 (not in the DfE's 2025 and 2026 SEN2 lists: choose another reason)"
    UN5 = (
        "UN5",
        (
            "Sources collating UPNs disagree on the child's name or date of birth, so they "
            "cannot be matched reliably (for example a duplicated UPN)"
        ),
    )
    UN6 = "UN6", "UN6 (not in the DfE's 2025 and 2026 SEN2 lists: choose another reason)"
    UN7 = "UN7", "UN7 (not in the DfE's 2025 and 2026 SEN2 lists: choose another reason)"
    UN8 = (
        "UN8",
        (
            "Person is new to the council (within one week of the end of the collection "
            "period only) and the UPN or ULN is not yet known"
        ),
    )
    UN9 = (
        "UN9",
        (
            "Young person has never attended a state-funded school or further education "
            "setting in England and has not been assigned a UPN or ULN"
        ),
    )
    UN10 = "UN10", "Request for assessment resulted in no further action before UPN or ULN known"


# The UPNunknown codes of the 2025 and 2026 collections [SF26].
CURRENT_UPN_UNKNOWN = (
    UpnUnknown.UN1,
    UpnUnknown.UN2,
    UpnUnknown.UN3,
    UpnUnknown.UN5,
    UpnUnknown.UN8,
    UpnUnknown.UN9,
    UpnUnknown.UN10,
)
RETIRED_UPN_UNKNOWN = tuple(code for code in UpnUnknown if code not in CURRENT_UPN_UNKNOWN)


class RequestSource(models.TextChoices):
    """Requests item "RequestSource" (item 2.2): who asked for the EHC needs assessment;
    voluntary in 2025, compulsory from 2026. [SYN26], and the same codes and labels in
    [SF26] requestsourcetype ("New addition for 2025 sen2 census"; 5 "Other – Where a
    large number of cases are recorded as 'other', the local authority will be prompted
    for further information in COLLECT")."""

    FAMILY = "1", "Young person or parent"
    EDUCATION = "2", "School or other education setting"
    HEALTH = "3", "Health care professionals"
    SOCIAL_CARE = "4", "Social care professionals"
    OTHER = "5", "Other"


# Who asked, as the request records it (assessments.models.Requester), to RequestSource.
# [SYN26]: "RequestSource records who made the request for an EHC needs assessment"; its
# five codes are who asks. The council itself has none, and needs none: a reassessment
# the council decides on itself (CFA s44(3), "requester" council) is not a request, and
# no reassessment is in the Requests module, whose elements are requests for an EHC needs
# assessment (CFA s36(1); dashboards.sen2.selection.requests_by), while a reassessment
# is asked for under s44(2). The database allows the council only on a reassessment
# (constraint request_council_only_reassesses). Code 5 ("Other: any other source") is
# not borrowed for it: a request in the return with no code here is reported by the
# check (rule request_source_missing), never sent with an invented source.
REQUEST_SOURCE_OF_REQUESTER: dict[str, str] = {
    "parent": RequestSource.FAMILY,
    "young_person": RequestSource.FAMILY,
    "school": RequestSource.EDUCATION,
    "health": RequestSource.HEALTH,
    "social_care": RequestSource.SOCIAL_CARE,
    "other": RequestSource.OTHER,
}


class CeaseReason(models.TextChoices):
    """Named plan item "CeaseReason" (item 4.6): why a plan ended. [DfE25]"""

    MAXIMUM_AGE = "1", "Reached the maximum age"
    NEEDS_MET_WITHOUT_PLAN = "2", "Needs are being met without an EHC plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    PAID_EMPLOYMENT = "4", "Moved on to paid employment (not an apprenticeship)"
    TRANSFERRED_LA = "5", "Moved to another local authority in England"
    NO_LONGER_ENGAGING = "6", "No longer wishes to engage in education or training"
    LEFT_ENGLAND = "7", "Moved outside England"
    DECEASED = "8", "Died"
    OTHER = "9", "Other"


class SENSetting(models.TextChoices):
    """Plan detail and placement detail item "SENsetting" (items 4.7c and 5.7c): the kind
    of placement, for one with no URN or UKPRN. [DfE25]

    Exactly one of URN, UKPRN and SENSetting identifies a placement: the guide for LAs
    says "Please complete only one of 5.7a to 5.7c" (URN, UKPRN, SEN setting), and for
    the plan detail "only one of 4.7a to 4.7c", as [SF26] quotes it beside PlanDetail and
    PlacementDetail, where SENSetting is minOccurs 0. [XSD24] makes SENSetting minOccurs
    1, but its sensettingtype has no code for a school or college with a URN or UKPRN
    (an empty element fails the enumeration too, and its own sample file writes empty
    ones), so that cannot be followed; the guide is."""

    OLA = "OLA", "Other arrangements made by the council (education otherwise than at school)"
    OPA = "OPA", "Other arrangements made by the parent or young person (not home education)"
    EHE = "EHE", "Elective home education"
    EYP = "EYP", "Early years provider with no URN (for example a childminder)"
    OTH = "OTH", "Other, including a type of setting named but no setting"
    NEET = "NEET", "Not in education, employment or training (aged 16 to 25)"
    NIEC = "NIEC", "Not in education or training: notice to cease issued"
    NIEO = "NIEO", "Not in education or training: other (for example awaiting a placement)"


# The settings the plan detail may give (item 4.7c): NEET, NIEC and NIEO are placement
# detail codes only (item 5.7c), "specific for item 5.7c <SENsetting> when compared to
# item 4.7c" [SF26].
PLAN_DETAIL_SETTINGS = frozenset(
    {SENSetting.OLA, SENSetting.OPA, SENSetting.EHE, SENSetting.EYP, SENSetting.OTH}
)
# SENSettingOther (item 5.7c(i)) describes these settings; for NIEO the guide asks for it:
# "Where 5.5c is 'Not in education – other' please provide further information, e.g.,
# permanently excluded" [SF26, quoting the guide]. COLLECT asks about OTH too ("the local
# authority will be prompted for further information", [SF26] sensettingtype).
DESCRIBED_SETTINGS = frozenset({SENSetting.OTH, SENSetting.NIEO})


class SENType(models.TextChoices):
    """SEN need item "SENtype" (item 5.8a): the type of special educational need, ranked
    (SENTYPE_RANK). [DfE25]; DS ("Down Syndrome", after ASD) confirmed by [SF26] sentype
    for 2025 and 2026 (not in [XSD24])."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty"


class SENTypeRank(models.IntegerChoices):
    """SEN need item "SENtypeRank": 1 the primary need, 2 a secondary need. [DfE25]"""

    PRIMARY = 1, "Primary need"
    SECONDARY = 2, "Secondary need"


class ResidentialWeeks(models.TextChoices):
    """Named plan item "PlanRes" and placement detail item "Res": a residential setting,
    by the weeks a year of it. [XSD24] restype. Blank: not residential."""

    WEEKS_38_TO_51 = "A", "Residential, 38 to 51 weeks a year"
    WEEKS_52 = "B", "Residential, 52 weeks a year"


class WorkBasedLearning(models.TextChoices):
    """Named plan item "PlanWBP" and placement detail item "WBP": the kind of work-based
    learning. [XSD24] wbptype. Blank: none."""

    APPRENTICESHIP = "A", "Apprenticeship"
    TRAINEESHIP = "T", "Traineeship"
    SUPPORTED_INTERNSHIP = "S", "Supported internship"


class DirectPayment(models.TextChoices):
    """Named plan item "DP": what the personal budget's direct payments pay for. [XSD24]
    dptype. Read from section J's budget lines held as a direct payment."""

    EDUCATION = "E", "Education only"
    SOCIAL_CARE = "S", "Social care only"
    HEALTH = "H", "Health only"
    INTEGRATED = "I", "Integrated payment for a combination of the above"


# A plan's provision section (plans.constants.ProvisionSection) to DP's kind of provision.
DIRECT_PAYMENT_OF_SECTION: dict[str, str] = {
    "F": DirectPayment.EDUCATION,
    "G": DirectPayment.HEALTH,
    "H1": DirectPayment.SOCIAL_CARE,
    "H2": DirectPayment.SOCIAL_CARE,
}


def direct_payment(sections) -> str:
    """DP for the sections a plan's direct payments pay for: one kind, or I for several;
    blank for none."""
    kinds = {DIRECT_PAYMENT_OF_SECTION[s] for s in sections if s in DIRECT_PAYMENT_OF_SECTION}
    if not kinds:
        return ""
    return kinds.pop() if len(kinds) == 1 else DirectPayment.INTEGRATED


class DesignatedOfficer(models.TextChoices):
    """Header Source items "DMO", "DCO" and "DSCO": whether the local area has a
    designated medical officer, a designated clinical officer and a designated social
    care officer for SEND, set per council in settings.SEN2_DMO, SEN2_DCO and SEN2_DSCO.

    Codes: [XSD24] SourceType DMO/DCO enumerations Y, N, R (no meanings); the meanings
    from [SF26] yesnorecruittype: Y "Yes", N "No", R "Recruitment in progress". DMO and
    DCO are compulsory in every schema; DSCO is in [SF26] only: "a new voluntary data
    item for 2025 sen2 census", and in 2026 "The following which was a voluntary data
    item for 2025 sen2 census is now mandatory".
    The letters: the schemas do not spell them out. DMO and DCO are the SEND roles of
    the Code of Practice ("Each local area should have a Designated Medical Officer
    (DMO) and/or a Designated Clinical Officer (DCO) for SEND", Swindon local offer,
    https://localoffer.swindon.gov.uk/content/send-local-offer/landing-pages/health-landing-pages-and-content-pages/designated-medicalclinical-officer/);
    DSCO the designated social care officer the DfE's SEND and AP improvement plan
    encourages councils to appoint (Community Care, 2 March 2023,
    https://www.communitycare.co.uk/2023/03/02/government-pushes-ahead-with-rollout-of-send-social-work-lead-role/;
    Council for Disabled Children "DSCO handbook"). MED confidence: read from the item
    names beside these roles, not from a DfE page that expands them."""

    YES = "Y", "Yes"
    NO = "N", "No"
    RECRUITING = "R", "Recruitment in progress"


# The header items about the area's designated officers, with the settings that hold
# each council's answer.
DESIGNATED_OFFICERS: dict[str, tuple[str, str]] = {
    "DMO": ("Designated medical officer (DMO)", "SEN2_DMO"),
    "DCO": ("Designated clinical officer (DCO)", "SEN2_DCO"),
    "DSCO": ("Designated social care officer (DSCO)", "SEN2_DSCO"),
}


class RequestOutcome(models.TextChoices):
    """Requests item "RequestOutcome": where the request stood on the census date
    (compulsory). [XSD24] requestoutcometype; H as [SF26] requestoutcometype words it
    ("Historical – Decision to assess was made before the latest collection period"):
    the decision to assess came before 1 January of the year before the census. A plan
    transferred in from another council is H in AssessmentOutcome only."""

    ASSESSING = "Y", "The council proceeded with an assessment"
    NOT_ASSESSING = "N", "The council decided not to proceed with an assessment"
    AWAITING = "A", "Decision yet to be made"
    WITHDRAWN = "W", "Request withdrawn or ceased before the decision to assess was made"
    HISTORICAL = "H", "Historical: the decision to assess was made before the collection period"


class AssessmentOutcome(models.TextChoices):
    """Assessment item "AssessmentOutcome": where the EHC needs assessment stood on the
    census date (compulsory in an Assessment element). [XSD24] assessmentoutcometype; H
    as [SF26] words it ("Historical – Decision to issue was made before the latest
    collection period or plan has been transferred from another local authority")."""

    ISSUE = "Y", "It was decided an EHC plan would be issued"
    NOT_ISSUE = "N", "It was decided an EHC plan would not be issued"
    AWAITING = "A", "Decision has not yet been made"
    WITHDRAWN = "W", "Request withdrawn or ceased before the decision whether to issue"
    HISTORICAL = "H", "Historical: decided before the collection period, or transferred in"


class ReviewOutcome(models.TextChoices):
    """Active plans item "ReviewOutcome": the decision after the latest annual review
    (Reg 20(10)). [XSD24] reviewoutcometype."""

    AMEND = "A", "Amend the EHC plan"
    CEASE = "C", "Cease the EHC plan"
    MAINTAIN = "M", "Maintain the EHC plan"


# The review's decision (reviews.models.ReviewDecision) to ReviewOutcome.
REVIEW_OUTCOME_OF_DECISION: dict[str, str] = {
    "amend": ReviewOutcome.AMEND,
    "cease": ReviewOutcome.CEASE,
    "maintain": ReviewOutcome.MAINTAIN,
}

# Flags are written 1 or 0, as the existing items (RequestMediation, Week20) are.
YES, NO = "1", "0"
