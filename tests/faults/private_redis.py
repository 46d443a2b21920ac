"""A private redis-server on a free port, and Celery pointed at it for real (not eagerly),
for the fault tests: the shared Redis is never touched."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from sen_portal.celery import app

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
needs_redis_server = pytest.mark.skipif(not shutil.which(REDIS_SERVER), reason="needs redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def queued(self) -> int:
        import redis

        return redis.Redis(port=self.port).llen("celery")


def reset_connections():
    """Forget pooled broker connections, so the next send uses the current broker_url.
    (Dropped, not closed: kombu shares producer pools between apps by connection.)"""
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker(tmp_path):
    """Celery sends to the private Redis for real (not eagerly) during the test."""
    server = PrivateRedis(tmp_path)
    server.start()
    # The read and write URLs too: an earlier test in this process may have left them
    # set (to the shared Redis), and sends use the write URL when there is one.
    names = (
        "broker_url",
        "broker_read_url",
        "broker_write_url",
        "task_always_eager",
        "broker_transport_options",
    )
    saved = {k: app.conf[k] for k in names}
    app.conf.update(
        broker_url=server.url,
        broker_read_url=server.url,
        broker_write_url=server.url,
        task_always_eager=False,
        # Fail fast while Redis is away, as production does after its retries.
        broker_transport_options={"socket_connect_timeout": 1, "max_retries": 1},
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1},
    )
    reset_connections()
    yield server
    server.stop()
    app.conf.update(saved)
    reset_connections()
