"""Issue 8's benchmark: corpus clean end to end against a naive script, in one run, on the same files.

Contenders, each timed as a separate process on the same generated corpus (scripts/bench_corpus.py):

* ``corpus --jobs 1`` and ``corpus --jobs all`` (and ``corpus --engine ray`` with ``--ray``);
* ``naive``: scripts/naive_clean.py, chardet + opencc-python-reimplemented + a few regexes, one process;
* ``naive pool``: the same script over a ``multiprocessing.Pool`` of one process per core.

The naive script runs in its own virtual environment (``/tmp/venv-naive``, created when missing),
because opencc-python-reimplemented installs a module named ``opencc`` that would shadow the official
binding in ours.

For each run it prints wall seconds, MB/s (input bytes / wall), CPU-seconds per MB and MB per
CPU-second, the largest single process's peak RSS and the peak of the whole tree's summed RSS. A small
wrapper process per run (so runs do not mix) takes them from two sources:

* ``getrusage(RUSAGE_CHILDREN)``: exact user + system time and ``ru_maxrss`` of every descendant that
  was waited for; it misses processes nobody waits for (forkserver workers, Ray's daemons);
* /proc, sampled every 50 ms: the process tree's summed RSS (pages shared between workers are counted
  once per worker, so it errs high), its summed PSS from ``smaps_rollup`` (a page shared by n processes
  counts 1/n in each: the memory the run really holds; forked workers share the parent's OpenCC tables
  and compiled rules) and each process's CPU time as last seen (it misses at most the last 50 ms of
  each process).

CPU time is the larger of the two. Ratios compare each
run with the naive single process. With ``--repeat N`` every figure is the median of N runs.

Every contender writes the same kind of output, chosen with ``--format``: ``jsonl`` (the default;
corpus writes its JSONL shards, the naive script one ``data.jsonl`` from its parent process), what a
training corpus is made of, or ``tree`` (one output file per input). A tree is dominated by the
filesystem, not by cleaning: on this machine's ext4 creating a file costs 0.5 to 1 ms of kernel time
(measured with a loop of ``open(..., "wb")``), which at the bench corpus's 8.6 KB per file is 60 ms or
more per MB, more than the whole 50 ms per MB that 20 MB per CPU-second allows.

``--big-file`` instead writes one large GB18030 file (``--big-mb``, default 2000) and reports the peak
memory of ``corpus clean`` on it.

    .venv/bin/python scripts/bench_pipeline.py --mb 20          # quick
    .venv/bin/python scripts/bench_pipeline.py                  # 200 MB, the issue's figure
    .venv/bin/python scripts/bench_pipeline.py --big-file --big-mb 2000
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import big_file, generate

REPO = Path(__file__).resolve().parent.parent
NAIVE_VENV = Path("/tmp/venv-naive")
NAIVE_PACKAGES = ("chardet", "opencc-python-reimplemented")

MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time
command = json.loads(sys.argv[1])
page = os.sysconf("SC_PAGE_SIZE")
tick = os.sysconf("SC_CLK_TCK")
peak = 0
peak_pss = 0
cpu_ticks = {}  # (pid, start time) -> utime + stime last seen
done = threading.Event()

def sample_tree(root):
    stats = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                stats[int(name)] = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
    children = {}
    for pid, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(pid)
    total, pss, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        fields = stats.get(pid)
        if fields is not None:
            total += int(fields[21]) * page
            cpu_ticks[(pid, fields[19])] = int(fields[11]) + int(fields[12])
            pss += proportional(pid)
        stack.extend(children.get(pid, []))
    return total, pss

def proportional(pid):
    # PSS: a page shared by n processes counts 1/n in each, so forked workers' shared pages count once
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

def sample(pid):
    global peak, peak_pss
    while not done.wait(0.05):
        rss, pss = sample_tree(pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)

started = time.perf_counter()
process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
sampler.start()
_, stderr = process.communicate()
wall = time.perf_counter() - started
done.set()
sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
waited = usage.ru_utime + usage.ru_stime
sampled = sum(cpu_ticks.values()) / tick
print(json.dumps({"rc": process.returncode, "wall": wall, "cpu": max(waited, sampled),
                  "cpu_waited": waited, "cpu_sampled": sampled,
                  "max_rss": usage.ru_maxrss * 1024, "tree_rss": peak, "tree_pss": peak_pss,
                  "stderr": stderr.decode("utf-8", "replace")[-2000:]}))
"""


@dataclass(frozen=True, slots=True)
class Measurement:
    wall: float
    cpu: float
    max_rss: int
    tree_rss: int
    tree_pss: int


def measure(command: list[str]) -> Measurement:
    """Run ``command`` under the wrapper; raise with its stderr if it fails."""
    wrapper = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(command)], capture_output=True, text=True, check=True
    )
    data = json.loads(wrapper.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} exited {data['rc']}:\n{data['stderr']}")
    return Measurement(data["wall"], data["cpu"], data["max_rss"], data["tree_rss"], data["tree_pss"])


def median_of(runs: list[Measurement]) -> Measurement:
    return Measurement(
        statistics.median(run.wall for run in runs),
        statistics.median(run.cpu for run in runs),
        int(statistics.median(run.max_rss for run in runs)),
        int(statistics.median(run.tree_rss for run in runs)),
        int(statistics.median(run.tree_pss for run in runs)),
    )


def ensure_naive_venv() -> str:
    """Create /tmp/venv-naive with the naive script's packages; return their versions."""
    python = NAIVE_VENV / "bin" / "python"
    if not python.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(NAIVE_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *NAIVE_PACKAGES], check=True)
    versions = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m, sys;"
         f"print(', '.join(p + ' ' + m.version(p) for p in {NAIVE_PACKAGES!r}))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return versions.stdout.strip()


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def warm_page_cache(input_dir: Path) -> None:
    """Read every input file once, so that no contender pays for cold reads (a corpus reused from an
    earlier run starts on disk, and only the first contender would wait for it)."""
    for path in sorted(input_dir.rglob("*")):
        if path.is_file():
            path.read_bytes()


def corpus_command(input_dir: Path, out_dir: Path, output_format: str, *options: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "corpus",
        "clean",
        str(input_dir),
        "--out",
        str(out_dir),
        "--quiet",
        "--format",
        output_format,
        *options,
    ]


def naive_command(input_dir: Path, out_dir: Path, output_format: str, processes: int) -> list[str]:
    script = str(REPO / "scripts" / "naive_clean.py")
    return [
        str(NAIVE_VENV / "bin" / "python"),
        "-I",  # isolated: a PYTHONPATH holding the official opencc must not shadow the reimplementation
        script,
        str(input_dir),
        str(out_dir),
        "--processes",
        str(processes),
        "--format",
        output_format,
    ]


def halves(input_dir: Path) -> tuple[list[Path], list[Path]]:
    """The corpus's directories two levels down, in two groups of about equal bytes."""
    folders = sorted(path for path in input_dir.glob("*/*") if path.is_dir())
    sized = sorted(
        ((sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()), folder) for folder in folders),
        reverse=True,
    )
    groups: tuple[list[Path], list[Path]] = ([], [])
    totals = [0, 0]
    for size, folder in sized:
        lighter = 0 if totals[0] <= totals[1] else 1
        groups[lighter].append(folder)
        totals[lighter] += size
    return groups


def ceiling_command(input_dir: Path, work: Path, output_format: str) -> list[str]:
    """Two independent ``corpus clean --jobs 1`` processes at once, each on half of the corpus.

    Nothing is shared between them (no pool, no hand-over, no common writer), so the speed-up of this
    pair over one process on the whole corpus is what this machine's two cores give a perfectly
    parallel job: the ceiling for ``--jobs 2``. On a virtual machine two vCPUs are not always two
    whole cores (they may share a physical core's caches or be hyperthreads of it), and this row
    says how much that costs here.
    """
    commands = []
    for index, group in enumerate(halves(input_dir)):
        out_dir = work / f"out-ceiling-{index}"
        command = corpus_command(input_dir, out_dir, output_format, "--jobs", "1")
        where = command.index(str(input_dir))
        command[where : where + 1] = [str(folder) for folder in group]
        commands.append(shlex.join(command))
    return ["sh", "-c", " & ".join(commands) + " & wait"]


def output_digest(out_dir: Path) -> dict[str, bytes]:
    """Every output file's bytes except the run report, whose timings differ from run to run."""
    return {
        path.relative_to(out_dir).as_posix(): path.read_bytes()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and path.name not in ("report.json", "report.html")
    }


def run_contender(command: list[str], out_dirs: list[Path], repeat: int) -> Measurement:
    runs = []
    for _ in range(repeat):
        for out_dir in out_dirs:
            shutil.rmtree(out_dir, ignore_errors=True)
        runs.append(measure(command))
    return median_of(runs)


def mb(value: int) -> str:
    return f"{value / 1e6:,.0f}"


def pss(run: Measurement) -> str:
    """The tree's peak PSS in MB, or n/a where /proc has no smaps_rollup."""
    return mb(run.tree_pss) if run.tree_pss else "n/a"


def print_table(rows: list[tuple[str, Measurement]], input_bytes: int) -> None:
    megabytes = input_bytes / 1e6
    base = rows[[name for name, _ in rows].index("naive")][1] if any(n == "naive" for n, _ in rows) else None
    header = (
        f"{'run':<20}{'wall s':>9}{'MB/s':>9}{'CPU s':>9}{'CPU-s/MB':>10}{'MB/CPU-s':>10}"
        f"{'max proc MB':>13}{'tree MB':>9}{'tree PSS':>10}{'speed x':>9}{'per-core x':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, run in rows:
        speed = megabytes / run.wall
        per_cpu = megabytes / run.cpu
        ratio = f"{speed / (megabytes / base.wall):.1f}" if base else "-"
        core_ratio = f"{per_cpu / (megabytes / base.cpu):.1f}" if base else "-"
        print(
            f"{name:<20}{run.wall:>9.1f}{speed:>9.2f}{run.cpu:>9.1f}{run.cpu / megabytes:>10.3f}"
            f"{per_cpu:>10.2f}{mb(run.max_rss):>13}{mb(run.tree_rss):>9}{pss(run):>10}{ratio:>9}"
            f"{core_ratio:>12}"
        )


def corpus_counts(out_dir: Path) -> str:
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    interesting = {
        key: report[key] for key in ("files", "documents", "rejected", "step_seconds") if key in report
    }
    return json.dumps(interesting) if interesting else "(report has no file counts)"


def bench(args: argparse.Namespace) -> int:
    work: Path = args.work
    input_dir = work / f"input-{args.mb:g}mb-seed{args.seed}"
    print(f"generating (or reusing) {input_dir} ...", file=sys.stderr)
    info = generate(input_dir, args.mb, args.seed, work / "cache")
    input_bytes = int(str(info["bytes"]))
    naive_versions = ensure_naive_venv() if not args.no_naive else "(skipped)"
    warm_page_cache(input_dir)
    all_cores = cores()
    print(f"corpus: {info['files']} files, {input_bytes / 1e6:.1f} MB, source {info['source']}")
    print(f"  {json.dumps(info['counts'], ensure_ascii=False)}")
    print(f"machine: {all_cores} cores; python {sys.version.split()[0]}; naive peer: {naive_versions}")

    print(f"output: {args.format} for every contender")
    fmt = args.format
    jobs_list = [str(all_cores) if job == "all" else job for job in args.jobs.split(",")]
    plan: list[tuple[str, list[str]]] = [
        (f"corpus --jobs {job}", corpus_command(input_dir, work / f"out-corpus-{job}", fmt, "--jobs", job))
        for job in jobs_list
    ]
    if args.ray:
        plan.extend(
            (
                f"ray --jobs {job}",
                corpus_command(input_dir, work / f"out-ray-{job}", fmt, "--engine", "ray", "--jobs", job),
            )
            for job in jobs_list
        )
    if len(jobs_list) > 1:
        plan.append(("2 x --jobs 1 (ceiling)", ceiling_command(input_dir, work, fmt)))
    if not args.no_naive:
        plan.append(("naive", naive_command(input_dir, work / "out-naive-1", fmt, 1)))
        plan.append(
            (f"naive pool x{all_cores}", naive_command(input_dir, work / "out-naive-pool", fmt, all_cores))
        )
    rows = []
    for name, command in plan:
        print(f"running {name}: {' '.join(command)}", file=sys.stderr)
        if command[0] == "sh":
            out_dirs = [work / "out-ceiling-0", work / "out-ceiling-1"]
        elif "--out" in command:
            out_dirs = [Path(command[command.index("--out") + 1])]
        else:
            out_dirs = [Path(command[-3])]
        rows.append((name, run_contender(command, out_dirs, args.repeat)))
    print()
    print(f"median of {args.repeat} run(s) each; MB = 10^6 bytes of raw input")
    print_table(rows, input_bytes)
    print()
    base_job, top_job = jobs_list[0], jobs_list[-1]
    first = output_digest(work / f"out-corpus-{base_job}")
    print(f"corpus --jobs {base_job} report: {corpus_counts(work / f'out-corpus-{base_job}')}")
    others = [f"out-corpus-{job}" for job in jobs_list[1:]]
    if args.ray:
        others += [f"out-ray-{job}" for job in jobs_list]
    for other in others:
        same = output_digest(work / other) == first
        print(f"{other} identical to out-corpus-{base_job} (all files but report.*): {same}")
    by_name = dict(rows)
    one = by_name[f"corpus --jobs {base_job}"]
    if len(jobs_list) > 1:
        print()
        print(f"scaling (wall-clock speed-up over --jobs {base_job}; efficiency = speed-up / workers):")
        for engine in ("corpus", "ray") if args.ray else ("corpus",):
            for job in jobs_list:
                run = by_name[f"{engine} --jobs {job}"]
                speedup = one.wall / run.wall
                print(f"  {engine:<6} --jobs {job:>3}: {speedup:5.2f}x  efficiency {speedup / int(job):.2f}")
        pair = by_name.get("2 x --jobs 1 (ceiling)")
        if pair is not None:
            print(
                f"  ceiling: two independent --jobs 1 processes on half the corpus each: "
                f"{one.wall / pair.wall:.2f}x (what the two cores give a job with no hand-over)"
            )
            two = by_name.get("corpus --jobs 2")
            if two is not None:
                # The pair does the work of one --jobs 1 run; more CPU means the cores slowed each other.
                print(
                    f"  corpus --jobs 2 reached {pair.wall / two.wall:.0%} of the ceiling; the pair used "
                    f"{pair.cpu / one.cpu - 1:+.0%} CPU against one --jobs 1 process"
                )
    megabytes = input_bytes / 1e6
    print()
    print("targets (issue 8):")
    many = by_name[f"corpus --jobs {top_job}"]
    print(f"  speed-up {base_job} -> {top_job} workers: {one.wall / many.wall:.2f}x (target >= 1.8x, 1 -> 2)")
    print(f"  MB per CPU-second, --jobs 1: {megabytes / one.cpu:.1f} (target >= 20)")
    if "naive" in by_name:
        naive = by_name["naive"]
        print(f"  per core vs naive: {naive.cpu / one.cpu:.1f}x (target >= 15x)")
    return 0


def bench_big_file(args: argparse.Namespace) -> int:
    work: Path = args.work
    path = work / f"big-{args.big_mb:g}mb" / "big.txt"
    print(f"writing (or reusing) {path} ...", file=sys.stderr)
    size = big_file(path, args.big_mb, args.seed, work / "cache")
    out_dir = work / "out-big"
    command = corpus_command(path.parent, out_dir, args.format, "--jobs", "all")
    print(f"running: {' '.join(command)}", file=sys.stderr)
    run = run_contender(command, [out_dir], args.repeat)
    print(f"one GB18030 file of {size / 1e6:,.0f} MB; corpus clean --jobs all:")
    print(f"  wall {run.wall:.1f} s, {size / 1e6 / run.wall:.1f} MB/s, CPU {run.cpu:.1f} s")
    print(f"  peak RSS: largest process {mb(run.max_rss)} MB, whole tree {mb(run.tree_rss)} MB")
    print(f"  peak PSS of the whole tree (shared pages counted once): {pss(run)} MB")
    print("  (target: well under 1 GB in total for a 2 GB file)")
    shutil.rmtree(out_dir, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200.0, help="corpus size in MB (default 200)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender; medians printed")
    parser.add_argument("--work", type=Path, default=Path("/tmp/corpus-bench"))
    parser.add_argument("--ray", action="store_true", help="also time --engine ray (needs the ray extra)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive peers")
    parser.add_argument(
        "--jobs",
        default="1,all",
        help="comma-separated worker counts to time corpus with, first is the base (default 1,all); "
        "e.g. 1,2,4,8,16 for a scaling curve",
    )
    parser.add_argument(
        "--format",
        choices=("jsonl", "tree"),
        default="jsonl",
        help="output of every contender: JSONL shards (default) or a mirrored tree of files",
    )
    parser.add_argument("--big-file", action="store_true", help="measure one large file instead")
    parser.add_argument("--big-mb", type=float, default=2000.0)
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.work.mkdir(parents=True, exist_ok=True)
    return bench_big_file(args) if args.big_file else bench(args)


if __name__ == "__main__":
    sys.exit(main())
