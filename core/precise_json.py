"""Django's JSON serialisation with full timestamp precision.

Django's DjangoJSONEncoder cuts datetimes and times to milliseconds, so a dump and a load
would change every ``modified`` time (and with it every record's ETag). Backups use this
format (``SERIALIZATION_MODULES["portaljson"]``) to round-trip exactly."""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


Deserializer = django_json.Deserializer
