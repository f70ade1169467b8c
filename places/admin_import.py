"""The admin's page for importing municipality or county boundaries: upload a file or choose
one of the files in BOUNDARY_DATA_DIR, then the same import (and checks) as
``manage.py import_boundaries``. An upload lives only in a temporary directory."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places.boundaries import COUNTY, MUNICIPALITY, BoundaryImportError, import_boundaries

UPLOAD_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
LISTED_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg"}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


def data_files() -> list[str]:
    directory = Path(settings.BOUNDARY_DATA_DIR)
    if not directory.is_dir():
        return []
    return sorted(
        p.name for p in directory.iterdir() if p.is_file() and p.suffix.lower() in LISTED_SUFFIXES
    )


class BoundaryImportForm(forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("Upload a file"),
        required=False,
        help_text=gettext_lazy(
            "GeoJSON, GeoPackage or a zipped Shapefile, in any coordinate system the file declares."
        ),
    )
    source = forms.ChoiceField(label=gettext_lazy("Or choose a file"), required=False)
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        choices=[
            (MUNICIPALITY, gettext_lazy("Municipalities")),
            (COUNTY, gettext_lazy("Counties")),
        ],
    )
    layer = forms.CharField(
        label=gettext_lazy("Layer"),
        required=False,
        help_text=gettext_lazy("When the file has several."),
    )
    code_field = forms.CharField(label=gettext_lazy("Code field"), required=False)
    name_field = forms.CharField(label=gettext_lazy("Name field"), required=False)
    srid = forms.IntegerField(
        label=gettext_lazy("EPSG code"),
        required=False,
        min_value=1024,
        max_value=999_999,
        help_text=gettext_lazy("Only for a file that declares no coordinate system."),
    )
    create = forms.BooleanField(
        label=gettext_lazy("Create municipalities or counties not yet in the portal"),
        required=False,
    )
    skip_unknown = forms.BooleanField(
        label=gettext_lazy("Ignore codes not in the portal"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—")] + [(name, name) for name in data_files()]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                _(
                    "Upload a GeoJSON (.geojson, .json), GeoPackage (.gpkg) or zipped "
                    "Shapefile (.zip)."
                )
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("upload")) == bool(cleaned.get("source")):
            raise forms.ValidationError(_("Upload a file or choose one, not both."))
        return cleaned


def _store_upload(upload, directory: Path) -> Path:
    """Write the upload into ``directory`` under a name of ours and check that its content is
    what its suffix says, so that GDAL is only ever given GeoJSON, GeoPackage or Shapefile
    (not, say, an XML file that points GDAL at other files)."""
    suffix = Path(upload.name).suffix.lower()
    target = directory / f"upload{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    head = target.read_bytes()[:64]
    if suffix in (".geojson", ".json"):
        if not head.lstrip().startswith(b"{"):
            raise BoundaryImportError(_("The file is not GeoJSON (a JSON object)."))
        return target
    if suffix == ".gpkg":
        if not head.startswith(b"SQLite format 3\x00"):
            raise BoundaryImportError(_("The file is not a GeoPackage."))
        return target
    try:
        archive = zipfile.ZipFile(target)
    except zipfile.BadZipFile as exc:
        raise BoundaryImportError(_("The file is not a zip archive.")) from exc
    shapefiles = []
    with archive:
        for member in archive.infolist():
            name = Path(member.filename)
            if member.is_dir():
                continue
            if name.suffix.lower() not in SHAPEFILE_PARTS or name.name.startswith("."):
                continue
            # Only the base name: no directories, no way out of our temporary directory.
            destination = directory / f"shape-{name.stem[:50]}{name.suffix.lower()}".replace(
                "/", "_"
            )
            destination.write_bytes(archive.read(member))
            if name.suffix.lower() == ".shp":
                shapefiles.append(destination)
    if len(shapefiles) != 1:
        raise BoundaryImportError(_("The zip archive must hold exactly one Shapefile (.shp)."))
    return shapefiles[0]


def boundary_import_view(model_admin, request):
    """The admin view; staff with permission to change (and, to create, to add) the model."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    default_level = COUNTY if model_admin.model._meta.model_name == "county" else MUNICIPALITY
    form = BoundaryImportForm(
        request.POST or None, request.FILES or None, initial={"level": default_level}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["create"] and not model_admin.has_add_permission(request):
            raise PermissionDenied
        try:
            with tempfile.TemporaryDirectory(prefix="portal-boundaries-") as directory:
                if data["upload"]:
                    path = _store_upload(data["upload"], Path(directory))
                else:
                    path = Path(settings.BOUNDARY_DATA_DIR) / data["source"]
                result = import_boundaries(
                    path=path,
                    level=data["level"],
                    layer=data["layer"] or None,
                    code_field=data["code_field"] or None,
                    name_field=data["name_field"] or None,
                    srid=data["srid"],
                    create=data["create"],
                    skip_unknown=data["skip_unknown"],
                )
        except BoundaryImportError as exc:
            messages.error(request, _("%(error)s Nothing was changed.") % {"error": exc})
        else:
            messages.success(request, result.summary())
            opts = model_admin.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import boundaries"),
        "form": form,
        "data_dir": settings.BOUNDARY_DATA_DIR,
    }
    return TemplateResponse(request, "admin/places/import_boundaries.html", context)
