"""The product's URLs plus /bench/bare/: a view that renders a small template and touches no database, the
yardstick each page's throughput is divided by."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cto_mentor.urls import urlpatterns as product_urlpatterns

BARE = engines["django"].from_string(
    "<!doctype html><html lang='en'><head><title>{{ title }}</title></head><body><main><h1>{{ title }}</h1>"
    "<ul>{% for item in items %}<li>Item {{ item }}</li>{% endfor %}</ul></main></body></html>"
)


def bare(request):
    return HttpResponse(BARE.render({"title": "Bare view", "items": range(10)}, request))


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]
