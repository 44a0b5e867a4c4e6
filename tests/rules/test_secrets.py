from __future__ import annotations

from pathlib import Path

import pytest

from fastlayer.rules.secrets import secret_name
from tests.helpers import diagnostics, write_project


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY",
        "db_password",
        "STRIPE_API_KEY",
        "POSTGRES_PWD",
        "githubToken",
        "ENCRYPTION_LOCAL_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "SESSION_COOKIE_SECRET",
    ],
)
def test_secret_names(name: str) -> None:
    assert secret_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "ACCESS_TOKEN_EXPIRE_MINUTES",
        "TOKEN_URL",
        "JWT_ALGORITHM",
        "PASSWORD_MIN_LENGTH",
        "jwt_token_prefix",
        "USER_SESSION_COOKIE_KEY",
        "KEY_PREFIX",
        "SECRET_KEY_FILE",
        "HOST",
    ],
)
def test_not_secret_names(name: str) -> None:
    assert not secret_name(name)


def test_messages_mask_real_secrets_and_name_placeholders(tmp_path: Path) -> None:
    files = {
        "app/settings.py": "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
        "    SECRET_KEY: str = 'abcdef123456'\n    ADMIN_PASSWORD: str = 'changeme'\n"
        "    DSN: str = 'mysql://root:toor@db/app'\n    TEMPLATE_DSN: str = 'postgresql://u:${PW}@db/app'\n"
    }
    found = [
        (d.line, d.message) for d in diagnostics(write_project(tmp_path, files), select=["FL407"])
    ]
    assert found == [
        (
            4,
            "Settings.SECRET_KEY defaults to a hard-coded secret (ab****); read it from the environment without a default",
        ),
        (
            5,
            "Settings.ADMIN_PASSWORD defaults to the placeholder 'changeme': when the environment does not set it, "
            "the application runs with a public value; read it from the environment without a default",
        ),
        (
            6,
            "Settings.DSN is a connection string with a literal password (****); read it from the environment without a default",
        ),
    ]


def test_settings_class_outside_config_module_and_test_code(tmp_path: Path) -> None:
    files = {
        "app/core/auth.py": "from pydantic import BaseSettings\n\nclass AuthSettings(BaseSettings):\n    jwt_secret: str = 'x1'\n"
        "\nclass TestAuthSettings(AuthSettings):\n    jwt_secret: str = 'x2'\n\nTOKEN = 'not config'\n",
        "tests/config.py": "SECRET_KEY = 'test'\n",
    }
    found = [
        (d.path, d.line) for d in diagnostics(write_project(tmp_path, files), select=["FL407"])
    ]
    assert found == [("app/core/auth.py", 4)]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("example_K8s$RealPassword!2024", "(ex****)"),
        ("dummy-but-real-9f8e7d6c5b4a", "(du****)"),
        ("your-actual-token-abc123XYZ", "(yo****)"),
        ("x", "(****)"),
        ("ab", "(****)"),
        ("abcd", "(****)"),
    ],
)
def test_real_secrets_that_start_like_placeholders_stay_masked(
    tmp_path: Path, value: str, shown: str
) -> None:
    files = {"app/settings.py": f"import os\nAPI_TOKEN = os.getenv('API_TOKEN', {value!r})\n"}
    (found,) = diagnostics(write_project(tmp_path, files), select=["FL407"])
    assert found.message == (
        f"API_TOKEN defaults to a hard-coded secret {shown}; read it from the environment without a default"
    )
    assert value not in found.message and "characters" not in found.message


@pytest.mark.parametrize(
    "value", ["your-secret-key-here", "example-token", "<your token>", "dummy"]
)
def test_word_placeholders_are_named(tmp_path: Path, value: str) -> None:
    files = {"app/settings.py": f"import os\nAPI_TOKEN = os.getenv('API_TOKEN', {value!r})\n"}
    (found,) = diagnostics(write_project(tmp_path, files), select=["FL407"])
    assert found.message.startswith(f"API_TOKEN defaults to the placeholder {value!r}:")


def test_dsn_password_containing_at_is_masked_whole(tmp_path: Path) -> None:
    files = {
        "app/settings.py": "DB = 'postgresql://app:p@ssw0rd@longer-secret@db.internal:5432/app'\n"
    }
    (found,) = diagnostics(write_project(tmp_path, files), select=["FL407"])
    assert found.message == (
        "DB is a connection string with a literal password (p@****); read it from the environment without a default"
    )
