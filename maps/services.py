from django.db import transaction

from places.models import Municipality, PlanningArea


@transaction.atomic
def planning_area_save(*, form) -> PlanningArea:
    """Save a valid PlanningAreaForm (the model was validated by ``is_valid()``: geometry
    through core.geo, full_clean). When the planner named no municipality, the area gets
    the municipalities its geometry touches."""
    area = form.save()
    if not form.cleaned_data.get("municipalities"):
        area.municipalities.set(Municipality.objects.filter(boundary__intersects=area.geometry))
    return area
