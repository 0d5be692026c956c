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
from recruit.models.link import BookingLink
from recruit.models.outbox import OutboxMessage
from recruit.models.schedule import (
    Interview,
    InterviewCell,
    ScheduleVersion,
    SolveRun,
    TableCell,
)
from recruit.models.sms import SmsMessage
from recruit.models.told import ToldInterview
from recruit.models.user import StaffUser

__all__ = [
    "ApiToken",
    "AuditEntry",
    "BookingLink",
    "Candidate",
    "CandidateInterest",
    "CandidateWindow",
    "Employer",
    "EmployerWindow",
    "Event",
    "EventBreak",
    "Interview",
    "InterviewCell",
    "OutboxMessage",
    "RequirementCard",
    "ScheduleVersion",
    "SmsMessage",
    "SolveRun",
    "StaffUser",
    "TableCell",
    "ToldInterview",
    "UTCDateTime",
    "Vacancy",
    "candidate_card",
    "event_card",
    "seed_cards",
    "utcnow",
    "vacancy_requirement",
]
