"""
The REST API's shared machinery (``/api/v1/``); each app's ``api.py`` builds on it.

* ``viewsets``: read-only and writable viewsets scoped to ``visible_to(user)``, with CSV
  export of every list, ETag on every object and ``If-Match`` on every change;
* ``fields``: references to related objects (id, url, name), GeoJSON geometry in WGS84
  (transformed in the database), strict scalar fields;
* ``filters``: ``modified_since``, period, ``bbox``, ``search`` and stable ordering;
* ``errors``: one JSON shape for every error, with a message per field;
* ``permissions``, ``throttling``, ``pagination``, ``renderers`` (CSV, iCalendar), ``schema``
  (the OpenAPI description of all of the above).
"""
