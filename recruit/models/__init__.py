"""All models, importable from one place (`from recruit.models import Event`).

Importing this package registers every table on `db.metadata`, which Alembic and the tests rely on.
"""

from recruit.models.api_token import ApiToken
from recruit.models.audit import AuditEntry
from recruit.models.base import UTCDateTime, utcnow
from recruit.models.candidate import Candidate, CandidateInterest, CandidateWindow, candidate_card
from recruit.models.card import RequirementCard, seed_cards
from recruit.models.employer import Employer, EmployerWindow, Vacancy, vacancy_requirement
from recruit.models.event import Event, EventBreak, event_card
from recruit.models.follow_up import FollowUpAnswer, FollowUpRequest
from recruit.models.link import BookingLink
from recruit.models.outbox import OutboxMessage
from recruit.models.periodic import PeriodicRun
from recruit.models.privacy_notice import PrivacyNotice
from recruit.models.publish_run import PublishRun
from recruit.models.schedule import (
    BOOKED_SOURCES,
    DraftExplanation,
    DraftExplanationNote,
    Interview,
    InterviewCell,
    PublishedEntry,
    ScheduleVersion,
    SolveRun,
    TableCell,
)
from recruit.models.session import ServerSession
from recruit.models.sms import SmsMessage
from recruit.models.staff_access import EventCoordinator, StaffAccountLink, StaffPolicy
from recruit.models.throttle import ThrottleHit
from recruit.models.told import ToldInterview
from recruit.models.user import StaffUser

__all__ = [
    "BOOKED_SOURCES",
    "ApiToken",
    "AuditEntry",
    "BookingLink",
    "Candidate",
    "CandidateInterest",
    "CandidateWindow",
    "DraftExplanation",
    "DraftExplanationNote",
    "Employer",
    "EmployerWindow",
    "Event",
    "EventBreak",
    "EventCoordinator",
    "FollowUpAnswer",
    "FollowUpRequest",
    "Interview",
    "InterviewCell",
    "OutboxMessage",
    "PeriodicRun",
    "PrivacyNotice",
    "PublishRun",
    "PublishedEntry",
    "RequirementCard",
    "ScheduleVersion",
    "ServerSession",
    "SmsMessage",
    "SolveRun",
    "StaffAccountLink",
    "StaffPolicy",
    "StaffUser",
    "TableCell",
    "ThrottleHit",
    "ToldInterview",
    "UTCDateTime",
    "Vacancy",
    "candidate_card",
    "event_card",
    "seed_cards",
    "utcnow",
    "vacancy_requirement",
]
