"""``fastlayer server`` latency: didChange -> publishDiagnostics of the edited file, and resident memory.

A minimal LSP client over the server's stdin/stdout (Content-Length framing), so the measurement
carries no client library's overhead. Used by ``run.py``; standalone:

    python benchmarks/server.py TREE [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any, Dict, List, Optional, Tuple

SERVICE = "app/services/user0_service.py"
SETTINGS = "app/config/settings.py"


class Client:
    def __init__(self, tree: Path, env: Optional[Dict[str, str]]) -> None:
        command = [sys.executable, "-m", "fastlayer", "server"]
        self.process = subprocess.Popen(
            command,
            cwd=tree,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.tree = tree
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> None:
        message: Dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> Dict[str, Any]:
        stream: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        length = 0
        while True:
            line = stream.readline()
            if not line:
                raise SystemExit("fastlayer server exited")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: Dict[str, Any] = json.loads(stream.read(length))
        if message.get("method") in ("client/registerCapability", "window/showDocument"):
            self.reply(message["id"])
        return message

    def reply(self, ident: Any) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": ident, "result": None}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def until_published(self, uri: str) -> None:
        while True:
            message = self.receive()
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            ):
                return

    def uri(self, path: str) -> str:
        return (self.tree / path).resolve().as_uri()

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        self.send("shutdown", None, request=True)
        self.send("exit", None)
        self.process.wait(timeout=30)


def start(tree: Path, env: Optional[Dict[str, str]]) -> Tuple[Client, float]:
    """A server initialized on ``tree`` and the seconds until its first diagnostics (project loaded)."""
    client = Client(tree, env)
    began = time.perf_counter()
    root = tree.resolve().as_uri()
    client.send(
        "initialize", {"processId": None, "rootUri": root, "capabilities": {}}, request=True
    )
    while "result" not in client.receive():
        pass
    client.send("initialized", {})
    client.send("textDocument/didOpen", {"textDocument": _item(client, SERVICE)})
    client.until_published(client.uri(SERVICE))
    return client, time.perf_counter() - began


def _item(client: Client, path: str) -> Dict[str, Any]:
    text = (client.tree / path).read_text()
    return {"uri": client.uri(path), "languageId": "python", "version": 1, "text": text}


def edit_latency(client: Client, path: str, edits: List[str]) -> float:
    """Median seconds from didChange (whole text) to the edited file's publishDiagnostics."""
    uri = client.uri(path)
    original = (client.tree / path).read_text()
    if path != SERVICE:
        client.send("textDocument/didOpen", {"textDocument": _item(client, path)})
        client.until_published(uri)
    times = []
    for version, text in enumerate(edits, start=2):
        began = time.perf_counter()
        change = {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        }
        client.send("textDocument/didChange", change)
        client.until_published(uri)
        times.append(time.perf_counter() - began)
    restore = {
        "textDocument": {"uri": uri, "version": len(edits) + 2},
        "contentChanges": [{"text": original}],
    }
    client.send("textDocument/didChange", restore)
    client.until_published(uri)
    return statistics.median(times)


def measure(tree: Path, env: Optional[Dict[str, str]], repeat: int) -> Dict[str, float]:
    client, loaded = start(tree, env)
    try:
        service = (tree / SERVICE).read_text()
        settings = (tree / SETTINGS).read_text()
        results = {"server start-up (initialize -> first diagnostics)": loaded}
        results["server didChange -> publish: edit in a service module"] = edit_latency(
            client,
            SERVICE,
            [service + f"\n\ndef added_{i}() -> int:\n    return {i}\n" for i in range(repeat)],
        )
        results["server didChange -> publish: import-graph edit"] = edit_latency(
            client,
            SERVICE,
            [
                f"from services import user{i + 1}_service as peer_{i}\n" + service
                for i in range(repeat)
            ],
        )
        results["server didChange -> publish: settings-class edit"] = edit_latency(
            client, SETTINGS, [_settings_edit(settings, i) for i in range(repeat)]
        )
        results["server RSS MiB"] = client.rss_mib()
    finally:
        client.close()
    return results


def _settings_edit(settings: str, index: int) -> str:
    head, marker, tail = settings.partition("class Settings(BaseSettings):\n")
    return head + marker + f"    EXTRA_{index}: str = 'value'\n" + tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, value in measure(args.tree, None, args.repeat).items():
        print(f"{name}: {value:.3f}")


if __name__ == "__main__":
    main()
