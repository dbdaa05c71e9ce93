"""Concurrent HTTP clients for the load test, and the server's CPU time they cost.

Each client is a thread with its own keep-alive connection; the clients of one phase
share a deadline and a request budget, so a run is bounded in time and in count.
"""

import http.client
import os
import random
import socket
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

HOST = "127.0.0.1"


class Budget:
    """At most `count` requests in all, shared by the clients."""

    def __init__(self, count):
        self.left, self.lock = count, threading.Lock()

    def take(self):
        with self.lock:
            self.left -= 1
            return self.left >= 0


class Client(threading.Thread):
    """One visitor: a keep-alive connection sending requests drawn from `mix` (kind,
    weight, function from a random generator and the slugs to a path) until told to stop.
    Any status but `expect` is an error."""

    def __init__(self, number, port, mix, slugs, deadline, budget, results, headers=None, expect=200):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.port, self.slugs, self.deadline, self.budget = port, slugs, deadline, budget
        self.results = results  # kind -> list of seconds; "errors" -> list of strings
        self.kinds = [kind for kind, weight, _ in mix for _ in range(weight)]
        self.paths = {kind: path for kind, _, path in mix}
        self.headers = {"Accept-Encoding": "identity", **(headers or {})}
        self.expect = expect

    def run(self):
        connection = None
        while time.monotonic() < self.deadline and self.budget.take():
            kind = self.rng.choice(self.kinds)
            path = self.paths[kind](self.rng, self.slugs)
            start = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(HOST, self.port, timeout=30)
                connection.request("GET", path, headers=self.headers)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - start
                if response.status != self.expect:
                    self.results["errors"].append(f"{response.status} {path}")
                self.results[kind].append(elapsed)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                self.results["errors"].append(f"{type(error).__name__}: {error} {path}")
                if connection:
                    connection.close()
                connection = None
        if connection:
            connection.close()


def run_clients(count, seconds, max_requests, **client):
    """Run `count` clients for `seconds`; returns (results, elapsed seconds)."""
    results = defaultdict(list)
    budget = Budget(max_requests)
    start = time.monotonic()
    clients = [Client(number, deadline=start + seconds, budget=budget, results=results, **client)
               for number in range(count)]
    for one in clients:
        one.start()
    for one in clients:
        one.join(timeout=seconds + 60)
    return results, time.monotonic() - start


def server_cpu_seconds(master):
    """CPU seconds used so far by gunicorn's master `master` and its workers, living and
    ended (an ended worker's time is added to the master's once it is reaped)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        pid, parent = int(stat.parent.name), int(fields[1])
        if pid == master:
            total += sum(map(int, fields[11:15]))  # its own time and its reaped workers'
        elif parent == master:
            total += sum(map(int, fields[11:13]))
    return total / tick


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(port, process, path="/about/", seconds=60):
    """Wait until the gunicorn `process` answers `path` on `port` with 200 (or exit)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode} before it answered")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on port {port} within {seconds} s")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def latency_table(results, kinds):
    """p50/p90/p99/max per kind, then for all of them, in milliseconds."""
    lines = [f"{'kind':<12}{'requests':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
    every = []
    for kind in [*kinds, "all"]:
        values = every if kind == "all" else results.get(kind, [])
        if kind != "all":
            every += values
        if values:
            lines.append(f"{kind:<12}{len(values):>9}" + "".join(
                f"{1000 * v:>9.1f}" for v in (statistics.median(values), percentile(values, 0.9),
                                              percentile(values, 0.99), max(values))))
    return "\n".join(lines)
