"""The domain model (SQLAlchemy 2.0, typed). Importing this package registers every table."""
from matchmaker.models.accounts import ApiToken, User
from matchmaker.models.audit import AuditEvent
from matchmaker.models.base import Base
from matchmaker.models.brokering import Brokering
from matchmaker.models.exchange import ExchangeSession, PracticeCase, ProgressCheck, SessionRegistration, SmeQuestion
from matchmaker.models.interest_requests import InterestRequest
from matchmaker.models.jobs import Job
from matchmaker.models.needs import Need, NeedSkill
from matchmaker.models.notices import Notice
from matchmaker.models.organisations import Organisation, network_memberships
from matchmaker.models.partner_requests import PartnerRequest
from matchmaker.models.people import (
    SPECIAL_CATEGORY_EMPTY, SPECIAL_CATEGORY_FIELDS, ConsentEvent, ConsentRecord, Person, WorkExperience, person_skills,
)
from matchmaker.models.places import Municipality
from matchmaker.models.programmes import Programme, programme_occupations, programme_skills
from matchmaker.models.snapshots import DerivedResult, RefreshRequest, RegionSnapshot, StoredCandidates, StoredMatches
from matchmaker.models.workers import WorkerChange
from matchmaker.models.taxonomy import (
    DataVersion,
    Occupation,
    OccupationGroup,
    OccupationSkill,
    Skill,
    SkillBroader,
    SkillGroup,
    SkillRelation,
)

__all__ = [
    "ApiToken", "AuditEvent", "Base", "Brokering", "ConsentEvent", "ConsentRecord", "DataVersion", "DerivedResult",
    "ExchangeSession", "InterestRequest", "Job", "Municipality", "Need",
    "NeedSkill", "Notice", "Occupation", "OccupationGroup", "OccupationSkill", "Organisation", "PartnerRequest", "Person",
    "PracticeCase", "Programme", "ProgressCheck", "RefreshRequest", "SessionRegistration", "SmeQuestion",
    "RegionSnapshot", "StoredCandidates", "StoredMatches",
    "SPECIAL_CATEGORY_EMPTY", "SPECIAL_CATEGORY_FIELDS", "Skill", "SkillBroader", "SkillGroup", "SkillRelation",
    "User", "WorkExperience", "WorkerChange",
    "network_memberships", "person_skills", "programme_occupations", "programme_skills",
]
