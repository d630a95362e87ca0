from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Every API list is cursor-paginated (API.md): no COUNT, no unbounded list."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500
