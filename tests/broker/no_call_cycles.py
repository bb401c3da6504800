#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The broker's files call one another without cycles.

Usage: no_call_cycles.py NM OBJECT...  (an argument may hold several
objects separated by ';', as CMake's $<TARGET_OBJECTS> gives them)

Reads the symbol tables of the broker library's objects (one per source
file) with nm: a file "calls" another when it uses a function (text
symbol) the other defines.  Data references (the job kinds the engine's
table lists) are not calls and do not count.  Prints every file of a
cycle with the functions behind each edge, and exits 1, when the graph has
a cycle (a strongly connected component of more than one file); exits 0
and prints the file count otherwise.
"""
import os
import subprocess
import sys


def symbols(nm, obj):
    out = subprocess.run([nm, obj], check=True, capture_output=True, text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "T":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
    return defined, used


def components(graph):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(comp)
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    nm = argv[1]
    objs = [o for arg in argv[2:] for o in arg.split(";") if o]
    owner, uses = {}, {}
    for obj in objs:
        name = os.path.basename(obj).split(".")[0]
        defined, used = symbols(nm, obj)
        for sym in defined:
            owner[sym] = name
        uses[name] = used
    graph = {f: {owner[s] for s in u if s in owner and owner[s] != f} for f, u in uses.items()}
    cycles = [sorted(c) for c in components(graph) if len(c) > 1]
    if not cycles:
        print(f"{len(graph)} broker files, no call cycle")
        return 0
    for comp in cycles:
        print("call cycle between: " + ", ".join(comp))
        for a in comp:
            for b in comp:
                if b in graph[a]:
                    calls = sorted(s for s in uses[a] if owner.get(s) == b)
                    print(f"  {a} -> {b}: {', '.join(calls)}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
