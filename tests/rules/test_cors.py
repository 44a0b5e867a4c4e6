from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

from tests.helpers import diagnostics, write_project

IMPORTS = "from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\napp = FastAPI()\n"


def _found(
    tmp_path: Path, files: Dict[str, str], config: str = "", select: Tuple[str, ...] = ("FL4",)
) -> List[Tuple[str, int, str]]:
    root = write_project(tmp_path, files, config)
    return [(d.path, d.line, d.code) for d in diagnostics(root, select=list(select))]


def test_exact_message_names_the_env_file(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/config.py": "from pydantic_settings import BaseSettings, SettingsConfigDict\n\nclass Settings(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_file='.env.production')\n    ALLOWED_ORIGINS: list[str] = []\n\n"
        "settings = Settings()\n",
        "app/main.py": IMPORTS + "from app.config import settings\n"
        "app.add_middleware(CORSMiddleware, allow_origins=settings.ALLOWED_ORIGINS, allow_credentials=True)\n",
        ".env.production": '# prod\nALLOWED_ORIGINS=["*"]\n',
    }
    root = write_project(tmp_path, files)
    (found,) = diagnostics(root, select=["FL401"])
    assert (found.path, found.line, found.column) == ("app/main.py", 5, 50)
    assert found.message == (
        'allow_origins is ["*"] (Settings.ALLOWED_ORIGINS from .env.production:2) with allow_credentials=True: '
        "any website can send credentialed requests and read the responses"
    )


def test_sink_forms_alias_module_attribute_middleware_and_wrap(tmp_path: Path) -> None:
    source = (
        "from fastapi import FastAPI\nfrom starlette.middleware import Middleware\n"
        "import fastapi.middleware.cors as c\nfrom starlette.middleware.cors import CORSMiddleware as X\n"
        "app = FastAPI(middleware=[Middleware(X, allow_origins=['*'], allow_credentials=True)])\n"
        "app.add_middleware(c.CORSMiddleware, allow_origins=['*'], allow_credentials=1)\n"
        "wrapped = X(app, ['*'], allow_credentials='false')\n"
    )
    found = _found(tmp_path, {"main.py": source}, select=("FL401",))
    assert found == [("main.py", 5, "FL401"), ("main.py", 6, "FL401"), ("main.py", 7, "FL401")]


def test_local_class_named_corsmiddleware_is_not_a_sink(tmp_path: Path) -> None:
    source = (
        "class CORSMiddleware:\n    pass\n\nclass App:\n    def add_middleware(self, *a, **k): ...\n\napp = App()\n"
        "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n"
    )
    assert _found(tmp_path, {"main.py": source}) == []


def test_project_subclass_is_a_sink(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "",
        "app/cors.py": "from starlette.middleware.cors import CORSMiddleware\n\nclass Strict(CORSMiddleware):\n    pass\n",
        "app/main.py": IMPORTS
        + "from app.cors import Strict\napp.add_middleware(Strict, allow_origins=['*'])\n",
    }
    assert _found(tmp_path, files) == [("app/main.py", 5, "FL402")]


def test_unresolved_kwargs_silence_defaults(tmp_path: Path) -> None:
    source = (
        IMPORTS
        + "from app.x import options\napp.add_middleware(CORSMiddleware, allow_origins=['*'], **options())\n"
    )
    assert _found(tmp_path, {"main.py": source}) == []
    assert (
        _found(tmp_path / "b", {"main.py": source}, select=("FL412",))
        == [("main.py", 5, "FL412")] * 1
    )


def test_credentials_false_and_explicit_https_list_are_clean(tmp_path: Path) -> None:
    source = (
        IMPORTS
        + "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'], allow_credentials=True,\n"
        "    allow_methods=['GET'], allow_headers=['Authorization'])\n"
    )
    assert (
        _found(
            tmp_path,
            {"main.py": source},
            select=("FL401", "FL402", "FL403", "FL404", "FL405", "FL406", "FL409"),
        )
        == []
    )


def test_environment_files_only_count_when_configured(tmp_path: Path) -> None:
    files = {
        "main.py": IMPORTS
        + "import os\napp.add_middleware(CORSMiddleware, allow_origins=os.getenv('O', 'https://a.example').split(','))\n",
        ".env.development": "O=*\n",
    }
    assert _found(tmp_path, files) == []
    found = _found(
        tmp_path / "b",
        files,
        config='[tool.fastlayer.environments]\ndevelopment = [".env.development"]\n',
    )
    assert found == [("main.py", 5, "FL402")]


def test_regex_findings_are_proven_by_an_example(tmp_path: Path) -> None:
    source = (
        IMPORTS
        + "app.add_middleware(CORSMiddleware, allow_origin_regex=r'https://.*\\.vercel\\.app', allow_credentials=True)\n"
    )
    root = write_project(tmp_path, {"main.py": source})
    (found,) = diagnostics(root, select=["FL403"])
    assert found.severity.value == "error"
    assert "shared-hosting suffix vercel.app: it admits https://evil.vercel.app" in found.message


def test_reflected_origin_checked_by_comparison_is_clean(tmp_path: Path) -> None:
    source = (
        "from fastapi import FastAPI\napp = FastAPI()\nOK = {'https://a.example'}\n\n@app.middleware('http')\n"
        "async def cors(request, call_next):\n    response = await call_next(request)\n"
        "    if request.headers.get('origin') in OK:\n"
        "        response.headers['access-control-allow-origin'] = request.headers['origin']\n    return response\n"
    )
    assert _found(tmp_path, {"main.py": source}, select=("FL410",)) == []
    unchecked = source.replace("    if request.headers.get('origin') in OK:\n        ", "    ")
    assert _found(tmp_path / "b", {"main.py": unchecked}, select=("FL410",)) == [
        ("main.py", 8, "FL410")
    ]


def test_rules_run_without_an_app_root(tmp_path: Path) -> None:
    source = (
        "from starlette.middleware.cors import CORSMiddleware\n\ndef wrap(asgi):\n"
        "    return CORSMiddleware(asgi, allow_origins='https://a.example')\n"
    )
    assert _found(tmp_path, {"lib/wrap.py": source}) == [("lib/wrap.py", 4, "FL409")]


def test_fl406_message_says_what_to_do(tmp_path: Path) -> None:
    """full-stack template main.py: allow_methods=["*"] with credentials; the message named the problem only."""
    files = {
        "main.py": IMPORTS
        + "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'], "
        "allow_credentials=True, allow_headers=['*'])\n"
    }
    root = write_project(tmp_path, files)
    assert [d.message for d in diagnostics(root, select=["FL406"])] == [
        'allow_headers is ["*"] with allow_credentials=True: every header is allowed on credentialed requests; '
        "list the headers the API uses"
    ]


def test_regex_sample_fills_wildcards_and_full_matches() -> None:
    from fastlayer.rules.cors.sample import sample

    assert (
        sample(r"https://my-frontend-[a-z0-9-]+\.vercel\.app", "evil")
        == "https://my-frontend-evil.vercel.app"
    )
    assert sample(r"https?://(app|admin)\.example\.com", "evil") == "https://app.example.com"
    assert sample(r"http://localhost:\d+", "evil") == "http://localhost:0"
    assert sample(r"(?P<a>x)(?P=a)", "evil") is None


def test_open_registration_under_shared_hosting_and_registry_suffixes() -> None:
    from fastlayer.rules.cors.regex import broad_match, open_registration

    assert open_registration(r"https://[a-z]+\.herokuapp\.com") == (
        "lets anyone register a matching site under the shared-hosting suffix herokuapp.com",
        "https://evil.herokuapp.com",
    )
    assert open_registration(r"https://.*\.co\.uk") == (
        "lets anyone register a matching site under the public suffix co.uk",
        "https://evil.co.uk",
    )
    assert open_registration(r"https://[a-z]+\.myapp\.vercel\.app") is None
    assert open_registration(r"https://.*\.example\.com") is None
    assert broad_match(r"https://(www|app)\.onrender\.com") is None


def test_plain_http_regex_ignores_https_only_and_loopback() -> None:
    from fastlayer.rules.cors.regex import plain_http

    assert plain_http(r"(http|https)://app\.example\.com") == "http://app.example.com"
    assert plain_http(r"https://app\.example\.com") is None
    assert plain_http(r"http://(localhost|127\.0\.0\.1):\d+") is None


def test_fl406_names_the_methods_the_pinned_starlette_expands_star_to(tmp_path: Path) -> None:
    source = IMPORTS + (
        "app.add_middleware(CORSMiddleware, allow_origins=['https://a.example'], "
        "allow_credentials=True, allow_methods=['*'])\n"
    )
    root = write_project(tmp_path, {"main.py": source, "requirements.txt": "starlette==0.47.2\n"})
    assert [d.message for d in diagnostics(root, select=["FL406"])] == [
        'allow_methods is ["*"] with allow_credentials=True: Starlette 0.47 (pinned) expands it to '
        "the fixed list DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, every one allowed on "
        "credentialed requests; list the methods the API uses"
    ]


def test_fl406_method_list_is_the_installed_starlettes() -> None:
    """The list the message names for a version equals Starlette's own ALL_METHODS there."""
    import starlette
    from starlette.middleware.cors import ALL_METHODS

    from fastlayer.rules.cors.wildcard import _expanded_methods

    major, minor = (int(part) for part in starlette.__version__.split(".")[:2])
    assert f"the fixed list {', '.join(ALL_METHODS)}, every" in _expanded_methods((major, minor))
