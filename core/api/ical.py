"""
iCalendar (RFC 5545) feeds of meetings and dialogues, to subscribe to in a calendar program.
The records carry dates without times, so events are all-day; a dialogue whose date the
record does not give cannot be in a calendar, and the feed's description says how many are
left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from icalendar import Calendar, Event

PRODID = "-//Region Jämtland Härjedalen//Portal för regional strategisk planering//SV"


@dataclass
class CalendarEvent:
    uid: str
    date: datetime.date
    summary: str
    description: str
    url: str
    location: str
    created: datetime.datetime
    modified: datetime.datetime


def build_calendar(*, name: str, description: str, events: list[CalendarEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.modified)
        event.add("created", item.created)
        event.add("last-modified", item.modified)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + datetime.timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        event.add("url", item.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
