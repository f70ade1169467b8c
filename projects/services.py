"""The write path of projects, their milestones and funding lines: pages (with the
milestone and funding formsets), the API and the admin (with its inlines) all call these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.services import (
    ChildWrite,
    RecordServices,
    RuleRefused,
    Version,
    claim_version,
    locked_links,
    record_create,
    record_delete,
    record_update,
    remove_record,
    write_children,
)
from projects.models import FundingLine, Milestone, Project


# --- milestones and funding lines: plain records of one project ----------------------------
def milestone_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> Milestone:
    return record_create(Milestone, data=data, user=user, reason=reason)


def milestone_update(
    *, milestone: Milestone, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> Milestone:
    return record_update(milestone, data=data, version=version, user=user, reason=reason)


def milestone_delete(*, milestone: Milestone, version: Version, user=None, reason="") -> None:
    record_delete(milestone, version=version, user=user, reason=reason)


def funding_line_create(*, data: Mapping[str, Any], user=None, reason: str = "") -> FundingLine:
    return record_create(FundingLine, data=data, user=user, reason=reason)


def funding_line_update(
    *, funding_line: FundingLine, data: Mapping[str, Any], version: Version, user=None, reason=""
) -> FundingLine:
    return record_update(funding_line, data=data, version=version, user=user, reason=reason)


def funding_line_delete(
    *, funding_line: FundingLine, version: Version, user=None, reason=""
) -> None:
    record_delete(funding_line, version=version, user=user, reason=reason)


MILESTONE = RecordServices(
    model=Milestone,
    arg="milestone",
    create=milestone_create,
    update=milestone_update,
    delete=milestone_delete,
)
FUNDING_LINE = RecordServices(
    model=FundingLine,
    arg="funding_line",
    create=funding_line_create,
    update=funding_line_update,
    delete=funding_line_delete,
)


# --- projects ------------------------------------------------------------------------------
def _write_parts(
    project: Project,
    *,
    milestones: Iterable[ChildWrite],
    funding_lines: Iterable[ChildWrite],
    user,
    reason: str,
) -> None:
    write_children(
        parent=project,
        fk="project",
        children=milestones,
        services=MILESTONE,
        user=user,
        reason=reason,
    )
    write_children(
        parent=project,
        fk="project",
        children=funding_lines,
        services=FUNDING_LINE,
        user=user,
        reason=reason,
    )


@transaction.atomic
def project_create(
    *,
    data: Mapping[str, Any],
    milestones: Iterable[ChildWrite] = (),
    funding_lines: Iterable[ChildWrite] = (),
    user=None,
    reason: str = "",
) -> Project:
    """A new project (its diarienummer checked and stored canonical by the model) with its
    milestones and funding lines."""
    project = record_create(Project, data=data, user=user, reason=reason)
    _write_parts(
        project, milestones=milestones, funding_lines=funding_lines, user=user, reason=reason
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    data: Mapping[str, Any],
    version: Version,
    milestones: Iterable[ChildWrite] = (),
    funding_lines: Iterable[ChildWrite] = (),
    user=None,
    reason: str = "",
) -> Project:
    project = record_update(project, data=data, version=version, user=user, reason=reason)
    _write_parts(
        project, milestones=milestones, funding_lines=funding_lines, user=user, reason=reason
    )
    return project


@transaction.atomic
def project_delete(*, project: Project, version: Version, user=None, reason: str = "") -> None:
    """Its milestones, funding lines and conclusions go with it (restored with it from the
    history), unless a conclusion supports a point of an adopted or superseded version of a
    statement of intent (what was decided keeps its support, as ``insight_delete`` says)."""
    claim_version(project, version)
    # Conclusions are insights (dialogues, a higher layer): reached through the relation.
    for point in locked_links(
        project.conclusions.all(), "direction_points", select_related=("version__direction",)
    ):
        raise RuleRefused(
            _(
                "A conclusion of the project supports point %(number)s of %(version)s "
                "(%(status)s); what was decided does not change, so the project is not "
                "deleted."
            )
            % {
                "number": point.number,
                "version": point.version,
                "status": point.version.get_status_display().lower(),
            },
            code="supports_decided_point",
        )
    remove_record(project, user=user, reason=reason)


PROJECT = RecordServices(
    model=Project,
    arg="project",
    create=project_create,
    update=project_update,
    delete=project_delete,
)
