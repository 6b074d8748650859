"""Files on S3 through django-storages, against moto's S3 server over real HTTP: the upload goes through the
storage API into a private bucket, and a download is a redirect to a short-lived signed URL, made only after
the same permission check as on disk."""

import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.storage import storages
from django.urls import reverse
from moto.server import ThreadedMotoServer

from applications.models import Resume
from cohorts.models import Role

from .applications.factories import ApplicationFactory
from .files import pdf_bytes, upload

BUCKET = "cto-mentor-test-files"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint, monkeypatch):
    """The default storage is a private bucket on the moto server; returns a boto3 client to look inside."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-west-1")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-west-1"})

    def use(expire_seconds):
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "endpoint_url": s3_endpoint,
                    "region_name": "us-west-1",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "querystring_expire": expire_seconds,
                    "file_overwrite": False,
                    "signature_version": "s3v4",
                },
            },
        }
        return client

    yield use
    storages._storages.pop("default", None)
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the local moto server
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


@pytest.fixture
def application(cohort, people):
    application = ApplicationFactory(cohort=cohort, applicant=people["applicant"])
    return application


def upload_resume(client, application):
    client.force_login(application.applicant)
    content = pdf_bytes("Resume on S3")
    response = client.post(
        reverse("applications:resume", args=[application.pk]),
        {"resume": upload("../../etc/my resume.pdf", content)},
    )
    assert response.status_code == 302
    return content


def test_resume_goes_to_the_private_bucket_under_a_server_made_name(client, s3, application):
    bucket = s3(expire_seconds=60)
    content = upload_resume(client, application)
    resume = Resume.objects.get(application=application)
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [resume.file.name]
    assert resume.file.name.startswith("resumes/") and ".." not in resume.file.name
    assert bucket.get_object(Bucket=BUCKET, Key=resume.file.name)["Body"].read() == content
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=resume.file.name)["Grants"]
    assert [g["Grantee"].get("URI") for g in grants if g["Grantee"].get("URI")] == []  # no public grant


def test_download_redirects_the_program_manager_to_a_signed_url(client, s3, application, member):
    s3(expire_seconds=60)
    content = upload_resume(client, application)
    client.force_login(member(Role.PROGRAM_MANAGER))
    response = client.get(reverse("applications:download_resume", args=[application.pk]))
    assert response.status_code == 302
    assert "X-Amz-Signature=" in response.url and "X-Amz-Expires=60" in response.url
    status, body, headers = fetch(response.url)
    assert (status, body) == (200, content)
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ["other_candidate", "instructor", "mentor", "manager_of_other_cohort"])
def test_download_refused_gives_no_url(client, s3, application, people, role):
    s3(expire_seconds=60)
    upload_resume(client, application)
    client.force_login(people[role])
    response = client.get(reverse("applications:download_resume", args=[application.pk]))
    assert response.status_code == 404
    assert "Amz" not in response.text
