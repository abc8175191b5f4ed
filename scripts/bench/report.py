"""Write docs/benchmarks.md from the JSON results of scripts/bench.sh (stdout)."""

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path


def load(path: Path):
    return json.loads(path.read_text()) if path.exists() else None


def version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def main(results: Path, scales: list[str]) -> None:
    import django

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    load_avg = os.getloadavg()
    print("# Benchmarks\n")
    print("Written by `make bench` (scripts/bench.sh); rerun it to refresh this page.\n")
    print(f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"- Machine: {os.cpu_count()} cores ({cpu}), {mem_gb:.1f} GB memory, "
        f"load average at the end {load_avg[0]:.1f}"
    )
    print(
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"{version(['/usr/lib/postgresql/15/bin/postgres', '--version'])}, "
        f"{version(['redis-server', '--version'])}, {version(['wrk', '--version'])}"
    )
    print(
        "- Server: gunicorn, production settings, 2 sync workers; wrk with 2 threads and 20 "
        "connections per page; `bare` is `/bench/bare/` behind the same middleware and server."
    )
    print(
        "- Data: `manage.py generate_scale --scale N` (demo/scale.py); scale 1 is a large ICB "
        "(about 1,000 roles, 2,500 people, 150 forums, 2,000 meetings, 5 survey rounds of "
        "1,500 invitations and 900 responses, 3,000 applications); scale 10 is ten times it."
    )
    print(
        "- Note: even the bare view opens a database connection and a transaction "
        "(`ATOMIC_REQUESTS`, `CONN_MAX_AGE` 0 by default), as every page does."
    )
    if load_avg[0] > 1.0:
        print(
            f"- **Warning**: the machine was busy (load average {load_avg[0]:.1f}): other work "
            "shared the cores, so the figures below are not trustworthy; rerun on a quiet "
            "machine."
        )
    print()
    for scale in scales:
        generated = load(results / f"generate-{scale}.json")
        if generated:
            print(f"Scale {scale} generated in {generated['seconds']} s.\n")
    print("## Pages\n")
    header = (
        "| page | "
        + " | ".join(
            f"queries s{s} | req/s s{s} | share of bare s{s} | p95 ms s{s}" for s in scales
        )
        + " |"
    )
    print(header)
    print("|" + "---|" * (1 + 4 * len(scales)))
    wrk = {s: {} for s in scales}
    for s in scales:
        path = results / f"wrk-{s}.jsonl"
        if path.exists():
            for line in path.read_text().splitlines():
                row = json.loads(line)
                wrk[s][row["label"]] = row
    queries = {s: load(results / f"queries-{s}.json") or {} for s in scales}
    labels = ["bare"] + list(queries[scales[0]])
    for label in labels:
        cells = []
        for s in scales:
            run = wrk[s].get(label, {}).get("wrk", {})
            bare = wrk[s].get("bare", {}).get("wrk", {}).get("rps") or 0
            q = queries[s].get(label, {}).get("queries", "–" if label != "bare" else 0)
            if run and not run.get("requests"):
                cells += [str(q), "none finished", "–", "–"]
                continue
            share = f"{100 * run['rps'] / bare:.1f}%" if run and bare else "–"
            cells += [str(q), f"{run.get('rps', '–')}", share, f"{run.get('p95_ms', '–')}"]
        url = queries[scales[0]].get(label, {}).get("url", "/bench/bare/")
        print(f"| {label} (`{url}`) | " + " | ".join(cells) + " |")
    print(
        "\n*none finished*: no request completed within the run (each page is loaded for "
        "`BENCH_SECONDS`, 15 s by default, after four warm-up requests).\n"
        "Queries: the second load of the page through Django's test client; they must be equal "
        "at both scales (`tests/bench/` checks this at two small sizes)."
    )
    last = scales[-1]
    submit = load(results / f"submit-{last}.json")
    if submit:
        bare = wrk[last].get("bare", {}).get("wrk", {}).get("rps") or 0
        share = f"{100 * submit['per_second'] / bare:.1f}%" if bare else "–"
        print(f"\n## Survey submissions (scale {last})\n")
        print(
            "50 concurrent respondents for the run, each request the final submission of a "
            "journey already started.\n"
        )
        print(
            "| submissions/s | share of bare | p95 ms | journeys started | sent | acknowledged "
            "| stored | lost | duplicated | sent, not acknowledged |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        print(
            f"| {submit['per_second']} | {share} | {submit['p95_ms']} | {submit['journeys']} | "
            f"{submit['sent']} | {submit['acknowledged']} | {submit['stored']} | "
            f"{submit['lost']} | {submit['duplicated']} | {submit['unacknowledged']} |"
        )
        print(
            "\nLost: acknowledged but not stored. Duplicated: more stored than sent. A "
            "submission still in flight when the load tool stopped is sent but not "
            "acknowledged (it may be stored)."
        )
    print(f"\n## Work (scale {last})\n")
    print(
        "Each in a process of its own, as the worker runs it (the same service the task "
        "calls); peak memory is that process's maximum resident set.\n"
    )
    print("| work | seconds | peak memory (MB) |")
    print("|---|---|---|")
    for work, label in (
        ("annual-report", "annual report (worker)"),
        ("diversity-analysis", "diversity analysis (worker)"),
        ("survey-import", "survey CSV import, 20,000 rows"),
        ("plan-import", "action-plan import"),
    ):
        run = load(results / f"{work}-{last}.json")
        if run:
            print(f"| {label} | {run['seconds']} | {run['peak_mb']} |")
        else:
            print(f"| {label} | not measured in this run | – |")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2].split())
