"""Menu items of the 码上减 admin menu, shown by role."""

from wagtail.admin.menu import MenuItem

from .permissions import scope_for


class ScopedMenuItem(MenuItem):
    def __init__(
        self,
        *args,
        office_only: bool = False,
        model_perm: str = "",
        statistics: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.office_only = office_only
        self.model_perm = model_perm
        self.statistics = statistics  # the office, or a city role reading every county

    def is_shown(self, request):
        if self.model_perm:
            return request.user.has_perm(self.model_perm)
        scope = scope_for(request.user)
        if self.statistics:
            return scope.can_read_statistics
        return scope.is_office if self.office_only else scope.any
