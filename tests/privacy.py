"""What the privacy tests share: the text of any response, and every download of a cohort."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def cohort_exports(cohort) -> list[str]:
    """Every URL of the project named as an export or a CSV that takes the cohort's slug, so that a download
    added later is tried too."""

    def names(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from names(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + pattern.name

    urls = []
    for name in names(get_resolver().url_patterns):
        if "csv" in name or "export" in name:
            try:
                urls.append(reverse(name, kwargs={"slug": cohort.slug}))
            except NoReverseMatch:
                continue
    return urls
