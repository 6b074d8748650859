import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property

TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person; the e-mail address is the login. Roles come from cohort memberships, not from here."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    title = models.CharField("job title", max_length=150, blank=True)
    organization = models.CharField("organization or district", max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        help_text="Dates are always shown in the program's time zone; pick yours to see them in it too.",
    )
    email_verified_at = models.DateTimeField("e-mail address confirmed at", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.display_name

    @property
    def is_verified(self) -> bool:
        """Whether the person proved they read this address. Until then: drafts only, no role, no e-mails
        sent on their behalf."""
        return self.email_verified_at is not None

    @cached_property
    def display_name(self):
        return self.name_of(self.first_name, self.last_name, self.email)

    @staticmethod
    def name_of(first_name: str, last_name: str, email: str) -> str:
        """What pages call a person: the full name, else the e-mail address (also for rows read without a
        User)."""
        return f"{first_name} {last_name}".strip() or email
