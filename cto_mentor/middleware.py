from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """What a signed-in person is shown is theirs alone: no shared cache may keep it, and the browser keeps
    no copy that the next person at a shared computer could bring back after sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
