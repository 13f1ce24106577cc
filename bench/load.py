"""A small HTTP load generator: N threads, each a signed-in person with its own keep-alive
connection, walking a list of pages for a fixed time. Only loopback addresses are accepted."""

import http.client
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    by_path: dict[str, list[float]] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def run(
    *,
    host: str,
    port: int,
    users: list[dict],
    paths: list[str],
    seconds: float,
    max_requests: int = 100_000,
    method: str = "GET",
    body_for=None,
    think: tuple[float, float] = (0.0, 0.0),
    stagger: bool = False,
) -> Result:
    """Each of ``users`` (a dict of cookies, and optionally "paths": its own list) in its own thread
    requests ``paths`` in turn, starting at a different place, waiting a random time within
    ``think`` between two requests (a person reading the page), until ``seconds`` have passed or
    ``max_requests`` were sent in all.

    With ``stagger``, each person first waits a random part of the longest think time, so that the
    run measures people at random moments of their work, as locust does when it spawns users at a
    rate; without it, every person clicks at the same instant when the run starts."""
    if host not in LOOPBACK:
        raise ValueError("the load generator targets the loopback only")
    result, lock = Result(), threading.Lock()
    deadline = time.perf_counter() + seconds
    sent = [0]

    def worker(index: int, user: dict) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        mine = user.get("paths") or paths
        cookie = "; ".join(f"{name}={value}" for name, value in user.items() if name != "paths")
        pause = random.Random(index)  # noqa: S311 (think times, not secrets)
        step = index
        if stagger and think[1] > 0:
            time.sleep(pause.uniform(0.0, think[1]))
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    break
                sent[0] += 1
            path = mine[step % len(mine)]
            step += 1
            headers = {"Cookie": cookie, "Host": f"{host}:{port}"}
            body = None
            if body_for is not None:
                body, content_type = body_for(index, step)
                headers["Content-Type"] = content_type
            started = time.perf_counter()
            status = None
            for _attempt in (1, 2):
                try:
                    connection.request(method, path, body=body, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                    break
                except (OSError, http.client.HTTPException) as error:
                    # The server closed an idle keep-alive connection: reconnect once, as a browser does.
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=60)
                    status = type(error).__name__
                    started = time.perf_counter()
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    result.latencies.append(elapsed)
                    result.by_path.setdefault(path, []).append(elapsed)
                else:
                    key = f"{status} {path.split('?')[0]}"
                    result.errors[key] = result.errors.get(key, 0) + 1
            if think[1] > 0:
                time.sleep(min(pause.uniform(*think), max(0.0, deadline - time.perf_counter())))
        connection.close()

    threads = [threading.Thread(target=worker, args=(i, user), daemon=True) for i, user in enumerate(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result
