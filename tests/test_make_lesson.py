"""README's lesson command: JupyterLab on the notebooks, on 127.0.0.1 only, with a token."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port`` (Linux /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("lab")
    port = free_port()
    home = tmp_path / "jupyter"
    (home / "ipython").mkdir(parents=True)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "run"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(home / "ws"),
               IPYTHONDIR=str(home / "ipython"), BROWSER="true")
    log = tmp_path / "lab.log"
    command = ["make", "--no-print-directory", "-C", str(ROOT), "lesson", f"VENV={sys.prefix}",
               f"LAB_ARGS=--no-browser --port={port} --ServerApp.port_retries=0"]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        token = None
        deadline = time.monotonic() + 90
        while token is None and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            match = re.search(rf"http://127\.0\.0\.1:{port}/lab\S*\?token=(\w+)", log.read_text())
            token = match and match.group(1)
            time.sleep(0.2)
        assert token, log.read_text()
        yield port, token
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen) -> None:
    """End make and the JupyterLab it started (their own process group, nothing else), and wait
    until every one of them is gone."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            process.poll()
            os.killpg(process.pid, 0)  # raises once no process of the group is left
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=5)


def test_lesson_serves_the_notebooks_on_localhost_with_a_token(lab):
    port, token = lab
    base = f"http://127.0.0.1:{port}"
    assert get(f"{base}/api/contents/00_start_here.ipynb") == 403  # no token, no access
    assert get(f"{base}/api/contents/00_start_here.ipynb?token={token}") == 200
    assert listening_addresses(port) <= {"0100007F", "00000000000000000000000001000000"}


def test_voila_is_a_server_extension_of_that_jupyter(lab):
    """Binder's code-free link (urlpath=voila/tree/notebooks) needs Voilà inside the Jupyter server
    Binder starts, as it is inside this one: installed, not started by hand."""
    port, token = lab
    assert get(f"http://127.0.0.1:{port}/voila/tree?token={token}") == 200
