"""The demo event of `flask demo`: the engine's generated people mapped onto the models.

`solver.generate.generate` draws a realistic event (employers with vacancies, youth with cards,
languages, availability and ranked wishes); this module gives those ids invented Finnish
companies and people. Every name is a random combination of common first and last names, so
no real person is described; addresses are on the reserved example.org domain.
"""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    Candidate,
    CandidateInterest,
    CandidateWindow,
    Employer,
    EmployerWindow,
    Event,
    RequirementCard,
    Vacancy,
    seed_cards,
    utcnow,
)
from recruit.privacy import notices
from recruit.scheduling.bridge import GeneratedEvent, generate_event

DEMO_EVENT_NAME = "Työnantajatreffit – demo"
DEMO_STAFF_EMAIL = "demo@example.org"

# Company names by the generator's sector, in the style of real Finnish small businesses.
COMPANIES = {
    "restaurant and café": ("Ravintola Kotikulma", "Kahvila Pullapuoti", "Bistro Satama"),
    "construction": ("Rakennus Kalliopohja", "Kattotyö Harjanne", "Infra Tienvarsi"),
    "warehouse and logistics": (
        "Logistiikka Pohjantähti",
        "Varasto Kuljetuskeskus",
        "Jakelu Nopsa",
    ),
    "retail": ("Kauppa Kulmapuoti", "Market Lähiö", "Muotiliike Kide"),
    "cleaning": ("Siivouspalvelu Kirkas", "Kiinteistöhuolto Tammi"),
    "security": ("Turvapalvelut Vahti", "Tapahtumaturva Ankkuri"),
    "health care": ("Hoivakoti Kuusikko", "Kotihoito Lähellä"),
    "IT support": ("Tietotuki Bitti", "Palvelupiste Digi"),
    "electrical installation": ("Sähköasennus Virta",),
}
JOB_TITLES_FI = {
    "cook": "Kokki",
    "waiter": "Tarjoilija",
    "bartender": "Baarimestari",
    "dishwasher": "Astiahuoltaja",
    "construction worker": "Rakennustyöntekijä",
    "roofing assistant": "Kattoasentajan apulainen",
    "road works assistant": "Tietyöntekijä",
    "warehouse worker": "Varastotyöntekijä",
    "order picker": "Keräilijä",
    "delivery driver": "Lähettikuljettaja",
    "sales assistant": "Myyjä",
    "cashier": "Kassatyöntekijä",
    "shelf stocker": "Hyllyttäjä",
    "cleaner": "Siivooja",
    "property maintenance worker": "Kiinteistöhuoltaja",
    "security steward": "Järjestyksenvalvoja",
    "event steward": "Tapahtumajärjestäjä",
    "care assistant": "Hoiva-avustaja",
    "home care helper": "Kotihoidon avustaja",
    "IT support trainee": "IT-tuen harjoittelija",
    "service desk agent": "Palvelupisteen asiantuntija",
    "electrician's assistant": "Sähköasentajan apulainen",
}
FIRST_NAMES = {
    "fi": (
        "Aino",
        "Eetu",
        "Emma",
        "Onni",
        "Helmi",
        "Leo",
        "Venla",
        "Elias",
        "Iida",
        "Veeti",
        "Sara",
        "Aleksi",
        "Nea",
        "Joona",
        "Ella",
        "Niko",
        "Pinja",
        "Lauri",
        "Siiri",
        "Roni",
    ),
    "sv": ("Alva", "Elias", "Ebba", "Oskar", "Saga", "Linus", "Wilma", "Axel", "Klara", "Hugo"),
    "other": (
        "Amina",
        "Daniel",
        "Sofia",
        "Ahmed",
        "Maria",
        "Artem",
        "Hodan",
        "Mark",
        "Yasmin",
        "Ivan",
        "Leila",
        "Omar",
        "Anna",
        "Karl",
        "Nadia",
        "Said",
    ),
}
LAST_NAMES = {
    "fi": (
        "Virtanen",
        "Korhonen",
        "Mäkinen",
        "Nieminen",
        "Hämäläinen",
        "Laine",
        "Koskinen",
        "Heikkinen",
        "Järvinen",
        "Lehtonen",
        "Saarinen",
        "Salminen",
        "Heinonen",
        "Niemi",
    ),
    "sv": ("Lindqvist", "Nyberg", "Holmström", "Sjöberg", "Grönroos", "Björklund", "Wikström"),
    "other": (
        "Ali",
        "Hassan",
        "Ivanova",
        "Petrov",
        "Tamm",
        "Mohamed",
        "Kovalenko",
        "Rebane",
        "Abdi",
        "Shevchenko",
    ),
}
STREETS = ("Mannerheimintie", "Hämeentie", "Itäkatu", "Tehtaankatu", "Ratapihantie", "Kauppakatu")
INTRODUCTIONS = (
    "Olen reipas ja opin nopeasti uusia asioita.",
    "Minulla on kokemusta asiakaspalvelusta kesätöistä.",
    "Etsin ensimmäistä työpaikkaani ja olen valmis tekemään vuorotyötä.",
    "",
)


def business_id(rng: random.Random) -> str:
    """A Y-tunnus with a correct check digit (weights 7 9 10 5 8 4 2, mod 11)."""
    while True:
        digits = [rng.randrange(10) for _ in range(7)]
        remainder = sum(d * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if remainder != 1:  # remainder 1 has no valid check digit
            check = 0 if remainder == 0 else 11 - remainder
            return "".join(map(str, digits)) + f"-{check}"


def demo_event() -> Event | None:
    return db.session.scalar(sa.select(Event).where(Event.name == DEMO_EVENT_NAME))


def create_demo_event(employers: int = 8, candidates: int = 200, seed: int = 2027) -> Event:
    """Create the demo event from the engine's generator (the caller commits)."""

    generated_event = generate_event(employers, candidates, seed=seed)
    spec = generated_event.problem.event
    event = Event(
        name=DEMO_EVENT_NAME,
        date=dt.date.fromisoformat(spec.date),
        timezone=spec.timezone,
        venue_name="Ohjaamo – demo",
        venue_address="Esimerkkikatu 1, 00100 Helsinki",
        start_minute=spec.start,
        end_minute=spec.end,
        grid_minutes=spec.grid_minutes,
        candidate_buffer_minutes=spec.candidate_buffer_minutes,
        max_interviews_per_candidate=spec.max_interviews_per_candidate,
        signup_deadline=dt.datetime.combine(
            dt.date.fromisoformat(spec.date) - dt.timedelta(days=7), dt.time(21, 0), tzinfo=dt.UTC
        ),
        organiser_email="ohjaamo@example.org",
    )
    seed_cards()
    event.cards = list(
        db.session.scalars(sa.select(RequirementCard).order_by(RequirementCard.code))
    )
    db.session.add(event)
    db.session.flush()
    _add_generated_people(event, generated_event, random.Random(seed))
    return event


def add_demo_people(
    event: Event, employers: int = 8, candidates: int = 200, seed: int = 2027
) -> tuple[int, int]:
    """Add generated employers and youth to an existing event (the caller commits and audits).

    The generator draws an event from 09:00 lasting whole hours; its people are drawn for as
    many whole hours as the event has and moved to the event's start, so their times fall
    inside the event. Returns (employers added, youth added).
    """

    hours = min(max((event.end_minute - event.start_minute) // 60, 1), 12)
    generated_event = generate_event(employers, candidates, seed=seed, hours=hours)
    _add_generated_people(event, generated_event, random.Random(seed))
    return len(generated_event.problem.employers), len(generated_event.problem.candidates)


def _add_generated_people(
    event: Event, generated_event: GeneratedEvent, rng: random.Random
) -> None:
    """Map the generated employers, vacancies and youth onto rows of `event`.

    Times move by the difference between the generated and the real start and are clipped to
    the event; interview lengths are rounded up onto the event's grid. Numbers in e-mail
    addresses continue after the people already there, so a second import never clashes.
    """
    problem = generated_event.problem
    seed_cards()
    cards = {card.code: card for card in db.session.scalars(sa.select(RequirementCard))}
    used_codes = {code for e in problem.employers for v in e.vacancies for code in v.requires}
    used_codes |= {code for c in problem.candidates for code in c.has}
    # Staff forms offer only the event's cards; a demo card missing there would be dropped
    # the first time someone edits the vacancy or young person holding it.
    offered = {card.code for card in event.cards}
    event.cards = sorted(
        [*event.cards, *(cards[code] for code in used_codes - offered)],
        key=lambda card: card.code,
    )

    shift = event.start_minute - problem.event.start
    bounds = (event.start_minute, event.end_minute)
    grid = event.grid_minutes
    vacancies: dict[str, Vacancy] = {}
    used_names = {employer.company_name for employer in event.employers}
    first_employer = len(event.employers) + 1
    # Demo people "accepted" the notices as they read now, so their links open directly.
    youth_notice = notices.notice_for(notices.YOUTH, event, "fi")
    employer_notice = notices.notice_for(notices.EMPLOYER, event, "fi")
    for number, generated in enumerate(problem.employers, start=first_employer):
        sector = generated_event.sectors.get(generated.id, "")
        name = _company_name(rng, sector, used_names)
        employer = Employer(
            event=event,
            company_name=name,
            business_id=business_id(rng),
            contact_name=_person_name(rng, "fi"),
            email=f"rekry{number}@example.org",
            phone=f"+35840{rng.randrange(1000000, 9999999)}",
            address=_street_address(rng),
            interview_minutes=-(-generated.interview_minutes // grid) * grid,
            tables=generated.tables,
            min_candidates=generated.min_candidates,
            max_candidates=generated.max_candidates,
            status="approved",
            consent_version=employer_notice.version,
            consent_notice_sha256=employer_notice.sha256,
            consent_at=utcnow(),
        )
        available = _moved(generated.available, shift, bounds) or [bounds]
        employer.windows = [
            EmployerWindow(kind="available", start_minute=s, end_minute=e) for s, e in available
        ] + [
            EmployerWindow(kind="break", start_minute=s, end_minute=e)
            for s, e in _moved(generated.breaks, shift, bounds)
        ]
        for generated_vacancy in generated.vacancies:
            title = generated_event.titles.get(generated_vacancy.id, "")
            vacancy = Vacancy(
                employer=employer,
                title=JOB_TITLES_FI.get(title, title.capitalize() or "Työntekijä"),
                description="Tule kertomaan itsestäsi – kokemusta ei tarvita.",
                positions=rng.randint(1, 4),
                languages=list(generated_vacancy.languages),
                min_age=generated_vacancy.min_age,
                requirements=[cards[code] for code in generated_vacancy.requires],
            )
            vacancies[generated_vacancy.id] = vacancy
        db.session.add(employer)
    db.session.flush()

    year = event.date.year
    for generated_candidate in problem.candidates:
        # The event's own counter: sign-up numbers stay unique beside people already there.
        number = event.allocate_signup_seq()
        language = generated_candidate.languages[0]
        origin = language if language in ("fi", "sv") else "other"
        first, last = rng.choice(FIRST_NAMES[origin]), rng.choice(LAST_NAMES[origin])
        candidate = Candidate(
            event=event,
            first_name=first,
            last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}.{number}@example.org",
            phone=f"+35850{rng.randrange(1000000, 9999999)}",
            birth_year=year - generated_candidate.age,
            languages=list(generated_candidate.languages),
            introduction=rng.choice(INTRODUCTIONS),
            share_with_employers=rng.random() < 0.7,
            open_to_other=generated_candidate.open_to_other,
            priority=generated_candidate.priority > 0,
            status="active",
            email_verified_at=utcnow(),
            consent_version=youth_notice.version,
            consent_notice_sha256=youth_notice.sha256,
            consent_at=utcnow(),
            signup_seq=number,
            cards=[cards[code] for code in generated_candidate.has],
            # No windows means the whole event, so a window clipped away means the same.
            windows=[
                CandidateWindow(start_minute=s, end_minute=e)
                for s, e in _moved(generated_candidate.available, shift, bounds)
            ],
            interests=[
                CandidateInterest(vacancy=vacancies[vacancy_id], rank=rank)
                for rank, vacancy_id in enumerate(generated_candidate.preferences, start=1)
            ],
        )
        db.session.add(candidate)
    db.session.flush()


def _moved(
    windows: tuple[tuple[int, int], ...], shift: int, bounds: tuple[int, int]
) -> list[tuple[int, int]]:
    """Windows moved by `shift` minutes and clipped to `bounds`; empty ones left out."""
    low, high = bounds
    moved = [(max(start + shift, low), min(end + shift, high)) for start, end in windows]
    return [(start, end) for start, end in moved if start < end]


def _company_name(rng: random.Random, sector: str, used: set[str]) -> str:
    choices = [name for name in COMPANIES.get(sector, ()) if name + " Oy" not in used]
    name = (rng.choice(choices) if choices else f"Yritys {len(used) + 1}") + " Oy"
    used.add(name)
    return name


def _street_address(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.randrange(1, 80)}, 00{rng.randrange(10, 99)}0 Helsinki"


def _person_name(rng: random.Random, origin: str) -> str:
    return f"{rng.choice(FIRST_NAMES[origin])} {rng.choice(LAST_NAMES[origin])}"


ASCII_LETTERS = str.maketrans("äöå ", "aoa-")


def _ascii(name: str) -> str:
    return name.lower().translate(ASCII_LETTERS)
