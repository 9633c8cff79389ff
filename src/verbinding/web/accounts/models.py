"""People with an account: clients, therapists and practice administrators.

The e-mail address is the login name. Everything a person makes (self-tests, practice,
diary, reminders) points at their user with ON DELETE CASCADE, so deleting the account
deletes all of it (the data-rights promise; tested by walking the foreign keys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinding.i18n import SOURCE_LANGUAGE
from verbinding.web.fields import EncryptedLineField


class Role(models.TextChoices):
    CLIENT = "client", _("cliënt")
    THERAPIST = "therapist", _("therapeut")
    ADMIN = "admin", _("praktijkbeheerder")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("een e-mailadres is nodig")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=(username or "").strip())


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    # Typed by the person (or the practice for its staff): encrypted at rest, so it
    # cannot be searched or sorted in SQL (the therapist dashboard does that in Python).
    display_name = EncryptedLineField(
        _("naam (een voornaam of bijnaam is genoeg)"), max_length=60, blank=True
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT)
    language = models.CharField(max_length=8, default=SOURCE_LANGUAGE)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person opened a link sent to `email` (or chose a password through one).
    # Until then only the verification mail goes to the address: no reminders.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Which privacy statement (verbinding.web.accounts.privacy.VERSION) the person agreed
    # to at sign-up, and when: the explicit consent to process health data (AVG art. 9).
    privacy_version = models.CharField(max_length=16, blank=True)
    privacy_agreed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    if TYPE_CHECKING:
        # Set on the request's user by django-otp's OTPMiddleware: has this login given
        # its second-step code?
        def is_verified(self) -> bool: ...

    def __str__(self) -> str:
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def greeting_name(self) -> str:
        return str(self.display_name or self.email.split("@", 1)[0])
