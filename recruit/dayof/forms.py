"""Forms of the event day: a walk-in's minimal details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, Optional

from recruit.core.fields import MultiCheckboxField
from recruit.core.forms import EMAIL, LANGUAGE_CHOICES, REQUIRED, RecruitForm
from recruit.core.validators import CandidateAge, PhoneNumber
from recruit.dayof.walk_ins import WalkInData
from recruit.models import Event


class WalkInForm(RecruitForm):
    """Only what a booking needs: a name to greet, an address for the invitation, the age
    rule of the event, and the person's consent to the privacy notice."""

    first_name = StringField(_l("First name"), [REQUIRED, Length(max=100)])
    last_name = StringField(_l("Last name"), [REQUIRED, Length(max=100)])
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, Length(max=254)],
                       description=_l("The invitation and the booking link are sent here."))
    phone = StringField(_l("Phone"), [Optional(), PhoneNumber()],
                        description=_l("Optional."))
    birth_year = IntegerField(_l("Year of birth"), [REQUIRED])
    languages = MultiCheckboxField(_l("Languages spoken"), choices=LANGUAGE_CHOICES)
    consent = BooleanField(
        _l("The young person has read the privacy notice and agrees that their details are "
           "used to book interviews at this event."),
        [DataRequired(message=_l("The young person's consent is needed to book them."))],
    )

    @classmethod
    def for_event(cls, event: Event) -> WalkInForm:
        form = cls()
        form.birth_year.validators = [REQUIRED, CandidateAge(event.date)]
        return form

    def walk_in_data(self) -> WalkInData:
        return WalkInData(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            email=self.email.data.strip().lower(),
            phone=(self.phone.data or "").strip(),
            birth_year=self.birth_year.data,
            languages=list(self.languages.data or []),
        )
