#!/usr/bin/env python3
"""Start-up times of wsdump: the plain jar against ./wsdump, with and without its CDS archive.

Usage (from the repository root, after ./wsdump has built the jar):

    python3 websocket-cli/startup-times.py [rounds] [--before OTHER.jar]

Each round runs every command once, in turn, so that a change of load on a shared machine hits
them all alike. Prints a Markdown table: median and fastest wall time, and the median CPU time
(user + system) of the command and its children. --before adds rows for another wsdump jar.
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = "websocket-cli/target/wsdump.jar"


def commands(before):
    jars = ([("before: `java -jar`", before)] if before else []) + [("`java -jar`", JAR)]
    help_rows = [(f"{name} --help", f"java -jar {jar} --help") for name, jar in jars] + [
        ("`WSDUMP_CDS=off ./wsdump --help`", "WSDUMP_CDS=off ./wsdump --help"),
        ("`./wsdump --help`", "./wsdump --help"),
    ]
    session_rows = [(f"{name} session", f"printf 'hi\\n' | java -jar {jar} --local-echo") for name, jar in jars] + [
        ("`WSDUMP_CDS=off ./wsdump` session", "printf 'hi\\n' | WSDUMP_CDS=off ./wsdump --local-echo"),
        ("`./wsdump` session", "printf 'hi\\n' | ./wsdump --local-echo"),
    ]
    return help_rows + session_rows


def run(command):
    start = time.perf_counter()
    process = subprocess.Popen(["bash", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"failed ({status}): {command}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv):
    before = None
    if "--before" in argv:
        i = argv.index("--before")
        before = os.path.abspath(argv[i + 1])
        del argv[i:i + 2]
    rounds = int(argv[0]) if argv else 20
    os.chdir(ROOT)
    rows = commands(before)
    for _ in range(2):  # warm-up: the page cache, and ./wsdump's archive if it is not recorded yet
        for _, command in rows:
            run(command)
    wall = {name: [] for name, _ in rows}
    cpu = {name: [] for name, _ in rows}
    loads = []
    for _ in range(rounds):
        loads.append(os.getloadavg()[0])
        for name, command in rows:
            w, c = run(command)
            wall[name].append(w)
            cpu[name].append(c)
    print(f"{rounds} rounds, load average {min(loads):.1f} to {max(loads):.1f}, {os.cpu_count()} CPUs")
    print("| command | median | fastest | CPU (median) |")
    print("|---|---|---|---|")
    for name, _ in rows:
        print(f"| {name} | {statistics.median(wall[name]) * 1000:.0f} ms | {min(wall[name]) * 1000:.0f} ms "
              f"| {statistics.median(cpu[name]) * 1000:.0f} ms |")


if __name__ == "__main__":
    main(sys.argv[1:])
