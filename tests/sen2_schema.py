"""The SEN2 XML structure, element by element, as SEN2_schema_2024.xsd gives it
(SocialFinanceDigitalLabs/liia-tools liiatools/spec/sen2/SEN2_schema_2024.xsd, commit
81996262b98082c32f8bc709a2f9a616fb22a187), with the later items the return also writes:
RequestSource (compulsory from 2026, sen2_codes [SYN26]), the SENtype DS and the active
plans' ReviewDraft and phase transfer dates (DfE guide v1.3-1.4, 2025, as MastodonC/
witan.sen2 reads them). Their names, codes and places are confirmed by Social Finance's
2025 and 2026 schemas written from the DfE guide for LAs (SocialFinanceDigitalLabs/
liia-tools-pipeline liiatools/sen2_pipeline/spec/sen2_schema_2026.xsd, commit
4441bf9696c3c87898e6bef6c93682a147338157, and SEN2_schema_2025.xsd, 77f7791b; sen2_codes
[SF26]): RequestSource item 2.2 after ReceivedDate, codes 1-5; ReviewDraft 5.4d,
PhaseTransferDueDate 5.6a and PhaseTransferFinalDate 5.6b after ReviewOutcome, with
LastReview last ("LastReview at end of this section in 2026 technical specification");
SENtype DS "Down Syndrome". Those schemas are a third party's working copies (every item
minOccurs 0, a wrong ULN pattern), so the 2024 xsd stays the one validated against.
The xsd itself is not vendored (its repository's files stay out of
this one); this is our own statement of the facts it gives, for `check`, a small
validator of order, occurrence and simple types. With lxml and the xsd file at hand,
`SEN2_XSD=/path/to/SEN2_schema_2024.xsd` lets tests/dashboards/test_sen2_schema.py
validate against the xsd itself too.

Each complex element: its children in order as (name, min, max). Simple types: a set of
codes or a regular expression."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sen_portal import sen2_codes as codes

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
YES_NO = {"0", "1", "true", "false", "TRUE", "FALSE"}
RANK = {"1", "2"}
ANY = re.compile(r"^.*$", re.S)
THREE_DIGITS = re.compile(r"^\d{3}$")
URN = re.compile(r"^\d{6}$")
UKPRN = re.compile(r"^\d{8}$")

STRUCTURE: dict[str, list[tuple[str, int, int]]] = {
    "Message": [("Header", 1, 1), ("Persons", 1, 1)],
    "Header": [("CollectionDetails", 1, 1), ("Source", 1, 1)],
    "CollectionDetails": [("Collection", 0, 1), ("Year", 0, 1), ("ReferenceDate", 0, 1)],
    "Source": [
        ("SourceLevel", 0, 1),
        ("LEA", 1, 1),
        ("SoftwareCode", 0, 1),
        ("Release", 0, 1),
        ("SerialNo", 0, 1),
        ("DateTime", 0, 1),
        ("DMO", 1, 1),
        ("DCO", 1, 1),
        ("DSCO", 0, 1),  # 2025 voluntary, 2026 compulsory (sen2_schema_2026.xsd)
    ],
    "Persons": [("Person", 1, 10**9)],
    "Person": [
        ("Surname", 1, 1),
        ("Forename", 1, 1),
        ("PersonBirthDate", 1, 1),
        ("Sex", 1, 1),
        ("Ethnicity", 1, 1),
        ("PostCode", 1, 1),
        ("UPN", 0, 1),
        ("UniqueLearnerNumber", 0, 1),
        ("UPNunknown", 0, 1),
        ("Requests", 1, 10**9),
    ],
    "Requests": [
        ("ReceivedDate", 0, 1),
        ("RequestSource", 0, 1),  # item 2.2: 2025 voluntary, 2026 compulsory
        ("RYA", 0, 1),
        ("RequestOutcomeDate", 0, 1),
        ("RequestOutcome", 1, 1),
        ("RequestMediation", 0, 1),
        ("RequestTribunal", 0, 1),
        ("Exported", 0, 1),
        ("Assessment", 0, 1),
        ("ActivePlans", 0, 1),
    ],
    "Assessment": [
        ("AssessmentOutcome", 1, 1),
        ("AssessmentOutcomeDate", 0, 1),
        ("AssessmentMediation", 0, 1),
        ("AssessmentTribunal", 0, 1),
        ("OtherMediation", 0, 1),
        ("OtherTribunal", 0, 1),
        ("Week20", 0, 1),
        ("NamedPlan", 0, 1),
    ],
    "NamedPlan": [
        ("StartDate", 1, 1),
        ("PlanDetail", 1, 2),
        ("PlanRes", 0, 1),
        ("PlanWBP", 0, 1),
        ("PB", 0, 1),
        ("OA", 0, 1),
        ("DP", 0, 1),
        ("CeaseDate", 0, 1),
        ("CeaseReason", 0, 1),
    ],
    # SENSetting is minOccurs 1 in the 2024 xsd, but its sensettingtype has no code for
    # a school or college (its own sample writes it empty, which the enumeration
    # refuses). The DfE guide for LAs: "Please complete only one of 5.7a to 5.7c" (and of
    # 4.7a to 4.7c here), as liia-tools-pipeline's sen2_schema_2025/2026.xsd quote it
    # beside a SENSetting of minOccurs 0: exactly one of URN, UKPRN, SENSetting (`check`).
    "PlanDetail": [
        ("URN", 0, 1),
        ("UKPRN", 0, 1),
        ("SENSetting", 0, 1),
        ("SENSettingOther", 0, 1),
        ("PlacementRank", 1, 1),
        ("SENunitIndicator", 1, 1),
        ("ResourcedProvisionIndicator", 1, 1),
    ],
    "ActivePlans": [
        ("TransferLA", 0, 1),
        ("PlacementDetail", 1, 2),
        ("SENneed", 1, 2),
        ("ReviewMeeting", 0, 1),
        ("ReviewOutcome", 0, 1),
        ("ReviewDraft", 0, 1),  # item 5.4d (2025; sen2_schema_2026.xsd)
        ("PhaseTransferDueDate", 0, 1),  # item 5.6a
        ("PhaseTransferFinalDate", 0, 1),  # item 5.6b
        # LastReview (5.4b) last, as the 2026 technical specification has it.
        ("LastReview", 0, 1),
    ],
    "PlacementDetail": [
        ("URN", 0, 1),
        ("UKPRN", 0, 1),
        ("SENSetting", 0, 1),
        ("SENSettingOther", 0, 1),
        ("PlacementRank", 1, 1),
        ("EntryDate", 1, 1),
        ("LeavingDate", 0, 1),
        ("SENunitIndicator", 1, 1),
        ("ResourcedProvisionIndicator", 1, 1),
        ("Res", 0, 1),
        ("WBP", 0, 1),
    ],
    "SENneed": [("SENtype", 1, 1), ("SENtypeRank", 1, 1)],
}

SIMPLE: dict[str, set[str] | re.Pattern] = {
    "Collection": {"SEN2"},
    "Year": re.compile(r"^\d{4}$"),
    "ReferenceDate": DATE,
    "SourceLevel": {"L"},
    "LEA": THREE_DIGITS,
    "SoftwareCode": ANY,
    "Release": ANY,
    "SerialNo": re.compile(r"^\d{3}\d*$"),
    "DateTime": DATETIME,
    "DMO": set(codes.DesignatedOfficer.values),
    "DCO": set(codes.DesignatedOfficer.values),
    "DSCO": set(codes.DesignatedOfficer.values),
    "Surname": ANY,
    "Forename": ANY,
    "PersonBirthDate": DATE,
    "Sex": {"M", "F", "U"},
    "Ethnicity": set(codes.Ethnicity.values),
    "PostCode": ANY,
    "UPN": re.compile(r"^([A-Za-z]\d{12}|[A-Za-z]\d{11}[A-Za-z])$"),
    "UniqueLearnerNumber": re.compile(r"^\d{10}$"),
    "UPNunknown": {f"UN{n}" for n in range(1, 11)},
    "ReceivedDate": DATE,
    "RequestSource": set(codes.RequestSource.values),
    "RYA": YES_NO,
    "RequestOutcomeDate": DATE,
    "RequestOutcome": {"Y", "N", "A", "W", "H"},
    "RequestMediation": YES_NO,
    "RequestTribunal": YES_NO,
    "Exported": THREE_DIGITS,
    "AssessmentOutcome": {"Y", "N", "A", "W", "H"},
    "AssessmentOutcomeDate": DATE,
    "AssessmentMediation": YES_NO,
    "AssessmentTribunal": YES_NO,
    "OtherMediation": YES_NO,
    "OtherTribunal": YES_NO,
    "Week20": YES_NO,
    "StartDate": DATE,
    "PlanRes": {"A", "B"},
    "PlanWBP": {"A", "T", "S"},
    "PB": YES_NO,
    "OA": YES_NO,
    "DP": {"E", "S", "H", "I"},
    "CeaseDate": DATE,
    "CeaseReason": {str(n) for n in range(1, 10)},
    "URN": URN,
    "UKPRN": UKPRN,
    "SENSetting": {"OLA", "EHE", "EYP", "OPA", "OTH", "NEET", "NIEC", "NIEO"},
    "SENSettingOther": ANY,
    "PlacementRank": RANK,
    "SENunitIndicator": YES_NO,
    "ResourcedProvisionIndicator": YES_NO,
    "TransferLA": THREE_DIGITS,
    "ReviewMeeting": DATE,
    "ReviewOutcome": {"A", "C", "M"},
    "ReviewDraft": DATE,
    "PhaseTransferDueDate": DATE,
    "PhaseTransferFinalDate": DATE,
    "LastReview": DATE,
    "EntryDate": DATE,
    "LeavingDate": DATE,
    "Res": {"A", "B"},
    "WBP": {"A", "T", "S"},
    # The 2024 xsd's sentype, with DS ("Down Syndrome", 2025 guide; sen2_schema_2026.xsd).
    "SENtype": {
        *("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH"),
        "DS",
    },
    "SENtypeRank": RANK,
}

# Written by this return but not in the 2024 xsd: left out before validating with it.
AFTER_2024 = (
    "DSCO",
    "RequestSource",
    "ReviewDraft",
    "PhaseTransferDueDate",
    "PhaseTransferFinalDate",
)


def _path(stack: list[str]) -> str:
    return "/".join(stack)


def _one_place(element: ET.Element, here: list[str]) -> list[str]:
    """The guide's rule for a placement: exactly one of URN (a), UKPRN (b) and SENSetting
    (c); SENSettingOther only with a setting; the plan detail (4.7c) without the
    placement-only settings NEET, NIEC and NIEO (sen2_codes.PLAN_DETAIL_SETTINGS)."""
    where = [t for t in ("URN", "UKPRN", "SENSetting") if element.find(t) is not None]
    problems = []
    if len(where) != 1:
        problems.append(f"{_path(here)}: {len(where)} of URN, UKPRN and SENSetting, not 1")
    setting = element.findtext("SENSetting")
    if element.find("SENSettingOther") is not None and setting is None:
        problems.append(f"{_path(here)}: SENSettingOther without a SENSetting")
    if here[-1] == "PlanDetail" and setting and setting not in codes.PLAN_DETAIL_SETTINGS:
        problems.append(f"{_path(here)}: {setting!r} is a placement detail setting only")
    return problems


def check(root: ET.Element) -> list[str]:
    """Every difference from STRUCTURE and SIMPLE, as readable messages."""
    problems: list[str] = []

    def visit(element: ET.Element, stack: list[str]) -> None:
        name = element.tag
        here = [*stack, name]
        if name in STRUCTURE:
            expected = STRUCTURE[name]
            order = [child.tag for child in element]
            position = 0
            for child_name in order:
                names = [n for n, _, _ in expected]
                if child_name not in names:
                    problems.append(f"{_path(here)}: unexpected <{child_name}>")
                    continue
                index = names.index(child_name)
                if index < position:
                    problems.append(f"{_path(here)}: <{child_name}> out of order")
                position = max(position, index)
            for child_name, low, high in expected:
                count = order.count(child_name)
                if not low <= count <= high:
                    problems.append(
                        f"{_path(here)}: {count} <{child_name}>, expected {low} to {high}"
                    )
            for child in element:
                visit(child, here)
            if name in ("PlanDetail", "PlacementDetail"):
                problems.extend(_one_place(element, here))
            return
        rule = SIMPLE.get(name)
        text = element.text or ""
        if rule is None:
            problems.append(f"{_path(here)}: unknown element")
        elif isinstance(rule, set) and text not in rule:
            problems.append(f"{_path(here)}: {text!r} not an allowed code")
        elif isinstance(rule, re.Pattern) and not rule.match(text):
            problems.append(f"{_path(here)}: {text!r} does not match {rule.pattern}")
        if len(element):
            problems.append(f"{_path(here)}: a simple item with children")

    visit(root, [])
    return problems


def xsd_errors(xml_text: str, xsd_path: str) -> list[str]:
    """Validate with lxml against the xsd file itself, after the documented differences:
    SENSetting minOccurs 0 (one of URN, UKPRN, SENSetting, as the guide says; see
    STRUCTURE), DS added to sentype, and the items after 2024 (AFTER_2024) left out."""
    from lxml import etree

    schema_doc = etree.parse(xsd_path)  # noqa: S320 - a schema file the tester names
    xs = "{http://www.w3.org/2001/XMLSchema}"
    for element in schema_doc.iter(f"{xs}element"):
        if element.get("name") == "SENSetting":
            element.set("minOccurs", "0")
    for simple in schema_doc.iter(f"{xs}simpleType"):
        if simple.get("name") == "sentype":
            etree.SubElement(simple[0], f"{xs}enumeration", value="DS")
    schema = etree.XMLSchema(schema_doc)
    document = etree.fromstring(xml_text.encode())  # noqa: S320 - our own output
    for name in AFTER_2024:
        for element in list(document.iter(name)):
            element.getparent().remove(element)
    if schema.validate(document):
        return []
    return [str(error) for error in schema.error_log]
