"""files/entrypoints.py: the targets deployment files start."""

from __future__ import annotations

from pathlib import Path

from fastlayer.files.entrypoints import Target, deployment_targets, matches


def _write(root: Path, files: dict) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def test_targets_from_dockerfiles_compose_procfile_scripts_and_pyproject(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "Dockerfile": 'FROM python\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0:8000"]\n',
            "deploy/docker-compose.yml": "services:\n  api:\n    command: gunicorn -k uvicorn.workers.UvicornWorker \\\n"
            "      svc.server:create_app()\n",
            "Procfile": "web: fastapi run --port 80 src/api/main.py\n",
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.fastapi]\nentrypoint = "pkg.app:api"\n',
            "node_modules/x/Dockerfile": "CMD uvicorn other.main:app\n",
            "docs/run.sh": "uvicorn docs.main:app\n",
        },
    )
    found = [(t.module, t.file, t.where) for t in deployment_targets(root)]
    assert found == [
        ("app.main", "", "Dockerfile:2"),
        ("", "src/api/main.py", "Procfile:1"),
        ("pkg.app", "", "pyproject.toml [tool.fastapi] entrypoint"),
        ("svc.server", "", "deploy/docker-compose.yml:3"),
    ]


def test_a_target_matches_the_module_it_names() -> None:
    assert matches(Target("onyx.main", "", "x"), "backend/onyx/main.py")
    assert matches(Target("app", "", "x"), "app/__init__.py")
    assert not matches(Target("onyx.main", "", "x"), "backend/model_server/main.py")
    assert matches(Target("", "src/api/main.py", "x"), "src/api/main.py")
