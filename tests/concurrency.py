"""Running jobs at the same moment, each in its own thread and database connection."""

import threading

from django.db import connections


def run_at_once(jobs, *, timeout=60):
    """Start every job at the same moment and return their results in order. A job
    that raised fails the test with its own exception, not a missing result."""
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def work(index, job):
        try:
            start.wait()
            results[index] = job()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise AssertionError(f"{len(errors)} of {len(jobs)} jobs failed: {errors!r}") from errors[0]
    assert not any(thread.is_alive() for thread in threads), "a job did not finish"
    return results
