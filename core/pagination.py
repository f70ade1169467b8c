from django.core.paginator import Page, Paginator

PER_PAGE = 20


def paginate(request, queryset, *, per_page: int = PER_PAGE) -> Page:
    """The page ``?page=`` asks for; out-of-range or malformed numbers give the nearest
    page instead of an error. Costs one COUNT query and the page's own query."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
