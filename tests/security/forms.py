"""Read the main form of a page as a browser would submit it, so that a write refused to a
role is tried with data that would have been saved (an empty body would fail validation and
prove nothing)."""

from __future__ import annotations

from html.parser import HTMLParser

# Forms of the page layout that are not the page's own (language switch, log out).
_LAYOUT_ACTIONS = ("/i18n/setlang/", "/konto/logga-ut/")


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], "multiple" in a)
            self._select_first = None
            self._select_chosen = False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                fields.append((self._select[0], value))
                self._select_chosen = True
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not multiple and not self._select_chosen and self._select_first is not None:
                self._form["fields"].append((name, self._select_first))
            self._select = None
        elif tag == "form":
            self._form = None


def form_data(html: str) -> dict[str, list[str]]:
    """The fields of the page's own POST form (the one with the most fields) as the test
    client's POST data: name → list of values."""
    parser = _FormParser()
    parser.feed(html)
    forms = [f for f in parser.forms if not f["action"].startswith(_LAYOUT_ACTIONS)]
    if not forms:
        return {}
    data: dict[str, list[str]] = {}
    for name, value in max(forms, key=lambda f: len(f["fields"]))["fields"]:
        data.setdefault(name, []).append(value)
    return data
