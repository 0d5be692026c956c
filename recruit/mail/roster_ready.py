"""The "roster ready" e-mail: after a publish, each employer whose roster changed is told.

It is queued in the publish's own transaction (`publish_schedule` calls it), so the
e-mail exists exactly when the version does. Only hashes of link tokens are stored, so the
e-mail carries a freshly issued link to the same page; earlier links keep working until the
event's retention period ends (revoking them would break the link in the approval e-mail).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recruit.calendar.feeds import employer_feed_url
from recruit.core import links
from recruit.extensions import db
from recruit.mail import messages, outbox
from recruit.mail.details import event_details
from recruit.models import Employer, Event
from recruit.people.employer_link import LINK_PURPOSE

if TYPE_CHECKING:
    # Only a type: publishing calls this module.
    from recruit.scheduling.publishing import PublishResult


def employers_to_notify(result: PublishResult) -> set[int]:
    """Ids of employers with an interview added, moved or removed by this publish."""
    return {
        entry["employer_id"] for entry in (*result.added, *result.changed, *result.removed)
    }


def queue_roster_ready(event: Event, result: PublishResult) -> None:
    """Queue one e-mail per approved employer whose roster changed (called by publishing)."""
    entries = result.version.snapshot.get("interviews", [])
    queue_roster_changed(event, employers_to_notify(result), entries)


def queue_roster_changed(
    event: Event, employer_ids: set[int], entries: list[dict[str, Any]]
) -> None:
    """Tell each of these approved employers that their roster (as `entries` has it) changed."""
    for employer_id in sorted(employer_ids):
        employer = db.session.get(Employer, employer_id)
        if employer is None or employer.status != "approved" or employer.event_id != event.id:
            continue
        _link, token = links.issue(employer, LINK_PURPOSE, for_mail=True)
        rendered = messages.roster_ready(
            employer.locale,
            event=event_details(event),
            contact_name=employer.contact_name,
            company_name=employer.company_name,
            employer_url=links.absolute_url("employers.link", token=token),
            feed_url=employer_feed_url(token),
            interview_count=sum(1 for e in entries if e["employer_id"] == employer.id),
        )
        outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=event.id)
