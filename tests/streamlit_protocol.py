"""The dashboard as a browser sees it, without a browser: ``streamlit run`` in its own
process on a local port, and sessions speaking Streamlit's websocket protocol (protobuf
BackMsg/ForwardMsg), each run ending at the server's "script finished" message.

Used by the two-process test (tests/test_two_app_processes.py) and the load script
(bench/bench_sessions.py). Localhost only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

ROOT = Path(__file__).parents[1]
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class AppProcess:
    """A running ``streamlit run app.py``: its port and process id."""

    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far (user + system, from /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def app_process(
    database_url: str, port: int | None = None, log: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[AppProcess]:
    """``streamlit run app.py`` on 127.0.0.1 with TMF_DATABASE_URL (and ``env``), once it
    answers its health check; a start that fails says why, with the end of ``log``."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}"]
    command += ["--server.address=127.0.0.1", "--server.headless=true", "--server.fileWatcherType=none"]
    command += ["--browser.gatherUsageStats=false"]
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=os.environ | {"TMF_DATABASE_URL": database_url} | (env or {}),
        stdout=output,
        stderr=output,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {process.returncode}{_tail(log)}") from None
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not answer its health check within 90 s{_tail(log)}")
        yield AppProcess(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)
        if log:
            output.close()


def _tail(log: Path | None) -> str:
    return f": {log.read_text(errors='replace')[-2000:]}" if log and log.exists() else ""


@dataclass
class Run:
    """What one script run sent: every ForwardMsg, and how long it took."""

    messages: list[ForwardMsg]
    seconds: float

    @property
    def payload(self) -> bytes:
        """All messages serialised: text, tables (Arrow keeps strings as UTF-8) and decks."""
        return b"".join(message.SerializeToString() for message in self.messages)

    def shows(self, text: str) -> bool:
        return text.encode() in self.payload

    @property
    def exceptions(self) -> list[str]:
        """The messages of st.exception elements (a traceback shown to the user)."""
        return [
            m.delta.new_element.exception.message
            for m in self.messages
            if m.HasField("delta") and m.delta.new_element.HasField("exception")
        ]

    @property
    def errors(self) -> list[str]:
        """Tracebacks and st.error sentences the run showed."""
        alerts = [
            m.delta.new_element.alert.body
            for m in self.messages
            if m.HasField("delta")
            and m.delta.new_element.HasField("alert")
            and m.delta.new_element.alert.format == Alert.Format.ERROR
        ]
        return self.exceptions + alerts


class Session:
    """One browser tab's session over the websocket, run by run."""

    def __init__(self, port: int) -> None:
        self.socket = connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
            legacy=True,
        )

    def run(self, page: str, query: str = "", timeout: float = 180) -> Run:
        """Ask for a run of ``page`` (its URL path) with ``query``; wait for it to finish."""
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        started = time.perf_counter()
        self.socket.send(message.SerializeToString())
        received: list[ForwardMsg] = []
        deadline = time.monotonic() + timeout
        while True:
            data = self.socket.recv(timeout=max(deadline - time.monotonic(), 0.01))
            forward = ForwardMsg.FromString(data)
            received.append(forward)
            if forward.HasField("script_finished") and forward.script_finished == FINISHED:
                return Run(received, time.perf_counter() - started)

    def close(self) -> None:
        self.socket.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
