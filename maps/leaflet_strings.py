"""The texts of django-leaflet's drawing tools (its template tag leaflet_draw_i18n translates
them), named here so that makemessages puts them in maps' Swedish catalogue: django-leaflet
ships no Swedish translation."""

from django.utils.translation import gettext_noop

LEAFLET_DRAW_TEXTS = [
    gettext_noop("<strong>Error:</strong> shape edges cannot cross!"),
    gettext_noop("Cancel drawing"),
    gettext_noop("Cancel editing, discards all changes."),
    gettext_noop("Cancel"),
    gettext_noop("Click and drag to draw circle."),
    gettext_noop("Click and drag to draw rectangle."),
    gettext_noop("Click cancel to undo changes."),
    gettext_noop("Click first point to close this shape."),
    gettext_noop("Click last point to finish line."),
    gettext_noop("Click map to place marker."),
    gettext_noop("Click on a feature to remove"),
    gettext_noop("Click to continue drawing line."),
    gettext_noop("Click to continue drawing shape."),
    gettext_noop("Click to start drawing line."),
    gettext_noop("Click to start drawing shape."),
    gettext_noop("Delete last point drawn"),
    gettext_noop("Delete last point"),
    gettext_noop("Delete layers"),
    gettext_noop("Drag handles, or marker to edit feature."),
    gettext_noop("Draw a circle"),
    gettext_noop("Draw a marker"),
    gettext_noop("Draw a polygon"),
    gettext_noop("Draw a polyline"),
    gettext_noop("Draw a rectangle"),
    gettext_noop("Edit layers"),
    gettext_noop("No layers to delete."),
    gettext_noop("No layers to edit."),
    gettext_noop("Release mouse to finish drawing."),
    gettext_noop("Reset view"),
    gettext_noop("Save changes."),
    gettext_noop("Save"),
]
