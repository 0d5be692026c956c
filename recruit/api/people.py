"""/api/v1: employers with their vacancies, and young people's sign-ups (candidates)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.views import MethodView
from sqlalchemy.orm import selectinload

from recruit.api.auth import api_blueprint
from recruit.api.events import SelectPage
from recruit.api.lookups import get_or_404
from recruit.api.people_input import candidate_data, employer_data, vacancy_data
from recruit.api.schemas import (
    CandidateFilterSchema,
    CandidateSchema,
    EmployerFilterSchema,
    EmployerSchema,
    VacancySchema,
)
from recruit.api.writes import commit_or_refuse
from recruit.core.audit import record_read
from recruit.models import Candidate, CandidateInterest, Employer, Event, Vacancy, utcnow
from recruit.people import operations, queries

employers_blp = api_blueprint("api-employers", "Employers taking part and their vacancies.")
candidates_blp = api_blueprint("api-candidates", "Young people signed up for an event.")


def create_employer(event: Event, values: dict[str, Any]) -> Employer:
    """An employer with its vacancies, every part checked before anything is stored."""
    data = employer_data(event, values)
    vacancies = [vacancy_data(event, v, f"vacancies[{i}]")
                 for i, v in enumerate(values.get("vacancies") or [])]
    employer = operations.create_employer(event, data, None)
    for vacancy in vacancies:
        operations.create_vacancy(employer, vacancy, None)
    return employer


def create_candidate(
    event: Event, values: dict[str, Any], vacancies: list[tuple[int, str]]
) -> Candidate:
    candidate = operations.create_candidate(event, candidate_data(event, values, vacancies), None)
    # The organisation's own records vouch for the address, as staff do for a phoned-in
    # sign-up: no confirmation e-mail, and the scheduler counts the person.
    candidate.email_verified_at = utcnow()
    return candidate


@employers_blp.route("/events/<int:event_id>/employers")
class Employers(MethodView):
    @employers_blp.arguments(EmployerFilterSchema, location="query")
    @employers_blp.response(200, EmployerSchema(many=True))
    @employers_blp.paginate(SelectPage)
    def get(self, filters: dict[str, Any], event_id: int) -> Any:
        """The event's employers (with vacancies and times), by company name (the read is
        audited)."""
        record_read("api.employers_read", get_or_404(Event, event_id))
        query = (
            sa.select(Employer).where(Employer.event_id == event_id)
            .options(selectinload(Employer.windows),
                     selectinload(Employer.vacancies).selectinload(Vacancy.requirements))
            .order_by(Employer.company_name, Employer.id)
        )
        if "status" in filters:
            query = query.where(Employer.status == filters["status"])
        if filters.get("q"):
            text = filters["q"]
            query = query.where(sa.or_(Employer.company_name.icontains(text, autoescape=True),
                                       Employer.contact_name.icontains(text, autoescape=True)))
        return query

    @employers_blp.arguments(EmployerSchema)
    @employers_blp.response(201, EmployerSchema)
    def post(self, values: dict[str, Any], event_id: int) -> Any:
        """Add an approved employer with its vacancies (the rules of the employer form)."""
        employer = create_employer(get_or_404(Event, event_id), values)
        commit_or_refuse()
        return employer


@employers_blp.route("/employers/<int:employer_id>")
class EmployerItem(MethodView):
    @employers_blp.etag
    @employers_blp.response(200, EmployerSchema)
    def get(self, employer_id: int) -> Any:
        """One employer (the read is audited)."""
        employer = get_or_404(Employer, employer_id)
        record_read("employer.view", employer)
        return employer


@employers_blp.route("/employers/<int:employer_id>/vacancies")
class Vacancies(MethodView):
    @employers_blp.response(200, VacancySchema(many=True))
    def get(self, employer_id: int) -> Any:
        """The employer's vacancies."""
        return get_or_404(Employer, employer_id).vacancies

    @employers_blp.arguments(VacancySchema)
    @employers_blp.response(201, VacancySchema)
    def post(self, values: dict[str, Any], employer_id: int) -> Any:
        """Add a vacancy to the employer."""
        employer = get_or_404(Employer, employer_id)
        vacancy = operations.create_vacancy(employer, vacancy_data(employer.event, values), None)
        commit_or_refuse()
        return vacancy


@candidates_blp.route("/events/<int:event_id>/candidates")
class Candidates(MethodView):
    @candidates_blp.arguments(CandidateFilterSchema, location="query")
    @candidates_blp.response(200, CandidateSchema(many=True))
    @candidates_blp.paginate(SelectPage)
    def get(self, filters: dict[str, Any], event_id: int) -> Any:
        """The event's young people in sign-up order (the read is audited)."""
        record_read("api.candidates_read", get_or_404(Event, event_id))
        query = (
            sa.select(Candidate).where(Candidate.event_id == event_id)
            .options(selectinload(Candidate.windows), selectinload(Candidate.cards),
                     selectinload(Candidate.interests))
            .order_by(Candidate.signup_seq)
        )
        if "status" in filters:
            query = query.where(Candidate.status == filters["status"])
        if "priority" in filters:
            query = query.where(Candidate.priority.is_(filters["priority"]))
        if filters.get("q"):
            text = filters["q"]
            full_name = Candidate.first_name + " " + Candidate.last_name
            query = query.where(sa.or_(full_name.icontains(text, autoescape=True),
                                       Candidate.email.icontains(text, autoescape=True)))
        if "vacancy" in filters:
            query = query.where(sa.exists().where(
                CandidateInterest.candidate_id == Candidate.id,
                CandidateInterest.vacancy_id == filters["vacancy"]))
        return query

    @candidates_blp.arguments(CandidateSchema)
    @candidates_blp.response(201, CandidateSchema)
    def post(self, values: dict[str, Any], event_id: int) -> Any:
        """Sign a young person up (the rules of the sign-up forms); no confirmation e-mail."""
        event = get_or_404(Event, event_id)
        candidate = create_candidate(event, values, queries.vacancy_choices(event))
        commit_or_refuse()
        return candidate


@candidates_blp.route("/candidates/<int:candidate_id>")
class CandidateItem(MethodView):
    @candidates_blp.etag
    @candidates_blp.response(200, CandidateSchema)
    def get(self, candidate_id: int) -> Any:
        """One young person's sign-up (the read is audited)."""
        candidate = get_or_404(Candidate, candidate_id)
        record_read("candidate.view", candidate)
        return candidate
