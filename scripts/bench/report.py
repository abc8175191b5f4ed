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
        "- Note: the bare view runs in a transaction (`ATOMIC_REQUESTS`) as every page does; "
        "each worker keeps its database connection (`CONN_MAX_AGE` 60, the production "
        "default). With a new connection per request (`CONN_MAX_AGE=0`) the bare view "
        "managed about a quarter of its rate on this machine."
    )
    # The load before the run started says whether other work shared the cores (at the end
    # the benchmark's own load is still in the average).
    start_load = load(results / "load-start.json")
    if start_load and start_load["load1"] > 1.0:
        print(
            f"- **Warning**: the machine was busy when the run started (load average "
            f"{start_load['load1']:.1f}): other work shared the cores, so the figures below "
            "are not trustworthy; rerun on a quiet machine."
        )
    elif start_load:
        print(f"- Load average when the run started: {start_load['load1']:.2f} (a quiet machine).")
    print()
    for scale in scales:
        generated = load(results / f"generate-{scale}.json")
        if generated:
            when = (
                f" (on {generated['on']}; restored from its dump for this run)"
                if generated.get("restored")
                else ""
            )
            print(f"Scale {scale} generated in {generated['seconds']} s{when}.\n")
    before_ref = (
        (results / "before-ref.txt").read_text().strip()
        if (results / "before-ref.txt").exists()
        else None
    )
    if before_ref:
        print(
            f"*Before*: the same pages served by the code at commit `{before_ref}` "
            "(`BENCH_BEFORE`) with the page cache off (`PUBLIC_PAGE_CACHE=False`), from the "
            "same data, server and load tool, in the same run.\n"
        )

    def wrk_rows(name: str) -> dict:
        rows = {}
        path = results / name
        if path.exists():
            for line in path.read_text().splitlines():
                row = json.loads(line)
                rows[row["label"]] = row.get("wrk", {})
        return rows

    def rate(run: dict, bare: float) -> tuple[str, str, str]:
        if not run:
            return "–", "–", "–"
        if not run.get("requests"):
            return "none finished", "–", "–"
        share = f"{100 * run['rps'] / bare:.1f}%" if bare else "–"
        return f"{run['rps']:,}", share, f"{run.get('p95_ms', '–'):,}"

    queries = {s: load(results / f"queries-{s}.json") or {} for s in scales}
    for s in scales:
        after, before = wrk_rows(f"wrk-{s}.jsonl"), wrk_rows(f"wrk-before-{s}.jsonl")
        bare = after.get("bare", {}).get("rps") or 0
        print(f"## Pages at scale {s}\n")
        columns = ["page", "queries", "req/s", "share of bare", "p95 ms"]
        if before:
            columns += ["before: req/s", "before: share of bare", "before: p95 ms"]
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
        for label in ["bare"] + list(queries[s]):
            q = queries[s].get(label, {}).get("queries", 0 if label == "bare" else "–")
            url = queries[s].get(label, {}).get("url", "/bench/bare/")
            cells = [f"{label} (`{url}`)", str(q), *rate(after.get(label, {}), bare)]
            if before:
                cells += rate(before.get(label, {}), bare) if label != "bare" else ["–"] * 3
            print("| " + " | ".join(cells) + " |")
        print()
    print(
        "*none finished*: no request completed within the run (each page is loaded for "
        "`BENCH_SECONDS`, 15 s by default, after four warm-up requests).\n"
        "Queries: the second load of the page through Django's test client; they must be equal "
        "at both scales (`tests/bench/` checks this, and for every page type, at two small sizes)."
    )
    last = scales[-1]
    submit = load(results / f"submit-{last}.json")
    if submit:
        bare = wrk_rows(f"wrk-{last}.jsonl").get("bare", {}).get("rps") or 0
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
        if submit["sent"] >= submit["journeys"]:
            print(
                "\n**Every journey started was sent before the run ended**: the rate is a "
                "lower bound (start more with `BENCH_JOURNEYS`)."
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
    has_before = any((results / f"{w}-before-{last}.json").exists() for w in ("annual-report",))
    if has_before:
        print("| work | seconds | peak memory (MB) | before: seconds | before: peak memory (MB) |")
        print("|---|---|---|---|---|")
    else:
        print("| work | seconds | peak memory (MB) |")
        print("|---|---|---|")
    for work, label in (
        ("annual-report", "annual report (worker)"),
        ("diversity-analysis", "diversity analysis (worker)"),
        ("survey-import", "survey CSV import, 20,000 rows"),
        ("plan-import", "action-plan import"),
    ):
        run = load(results / f"{work}-{last}.json")
        old = load(results / f"{work}-before-{last}.json")
        extra = ""
        if has_before:
            extra = f" {old['seconds']} | {old['peak_mb']} |" if old else " – | – |"
        if run:
            print(f"| {label} | {run['seconds']} | {run['peak_mb']} |{extra}")
        else:
            print(f"| {label} | not measured in this run | – |{extra}")
    targets(results, last)
    analysis = Path(__file__).resolve().parents[2] / "docs" / "benchmarks-analysis.md"
    if analysis.exists():
        print("\n" + analysis.read_text().strip())


PUBLIC = (
    "role register",
    "diversity",
    "forums",
    "forum",
    "governance map",
    "vacancies",
    "vacancy",
    "published survey results",
    "published survey",
)
SIGNED_IN = (
    "dashboard",
    "action plan",
    "plan's actions",
    "action",
    "role management",
    "survey results",
    "recruitment campaign",
    "funnel",
)


def targets(results: Path, scale: str) -> None:
    """Each target of issue 15 at the largest scale: met or not, from this run's figures."""
    rows = {}
    path = results / f"wrk-{scale}.jsonl"
    if not path.exists():
        return
    for line in path.read_text().splitlines():
        row = json.loads(line)
        rows[row["label"]] = row.get("wrk", {})
    bare = rows.get("bare", {}).get("rps") or 0
    if not bare:
        return

    def share(label):
        return 100 * (rows.get(label, {}).get("rps") or 0) / bare

    print(f"\n## Targets (scale {scale})\n")
    print("| target | measured | met |")
    print("|---|---|---|")
    lowest = min(PUBLIC, key=share)
    print(
        f"| public pages ≥ 50% of bare | lowest: {lowest}, {share(lowest):.1f}% | "
        f"{'yes' if share(lowest) >= 50 else '**no**'} |"
    )
    lowest = min(SIGNED_IN, key=share)
    missed = [label for label in SIGNED_IN if share(label) < 15]
    print(
        f"| signed-in pages ≥ 15% of bare | lowest: {lowest}, {share(lowest):.1f}% | "
        + ("yes |" if not missed else f"**no**: {', '.join(missed)} |")
    )
    submit = load(results / f"submit-{scale}.json")
    if submit:
        got = 100 * submit["per_second"] / bare
        ok = got >= 10 and submit["lost"] == 0 and submit["duplicated"] == 0
        print(
            f"| survey submission ≥ 10% of bare, 0 lost, 0 duplicated | {got:.1f}%, "
            f"{submit['lost']} lost, {submit['duplicated']} duplicated | "
            f"{'yes' if ok else '**no**'} |"
        )
    report = load(results / f"annual-report-{scale}.json")
    if report:
        ok = report["seconds"] <= 15 and report["peak_mb"] <= 600
        print(
            f"| annual report ≤ 15 s and ≤ 600 MB | {report['seconds']} s, "
            f"{report['peak_mb']} MB | {'yes' if ok else '**no**'} |"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2].split())
