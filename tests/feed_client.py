#!/usr/bin/env python3
"""Feed clients for tests/cli_feed_test.sh: send lines and print answers, several senders at once, and
the crash test (kill -9 of `gridlink serve` mid-stream, many times, comparing the log with the acks).

  feed_client.py send HOST:PORT              lines from stdin, answers to stdout
  feed_client.py senders HOST:PORT N COUNT   N senders at once, COUNT reports each; checks every answer
  feed_client.py crash GRIDLINK WORKSPACE ROUNDS SEED
"""
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time


def connect(address):
    host, port = address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=30)


def report(case_id, lon=120.55, lat=31.33, category="city_appearance", t="2026-11-27T09:30:00+08:00"):
    return json.dumps({"type": "incident.reported", "id": case_id, "t": t, "lon": lon, "lat": lat,
                       "category": category, "priority": 3, "source": "test", "text": "测试 test"},
                      ensure_ascii=False)


def send(address):
    sock = connect(address)
    data = sys.stdin.buffer.read()
    sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
    reader = sock.makefile("rb")
    for line in reader:
        sys.stdout.write(line.decode())
    return 0


def senders(address, n, count):
    """n connections at once, each sending `count` reports; every line must be answered `ok SEQ` in
    order, and the seqs of all senders together must be distinct."""
    results = [None] * n

    def run(k):
        sock = connect(address)
        lines = "".join(report(f"S{k}-{i}", 120.5 + 0.001 * (i % 50), 31.3 + 0.001 * (i % 40)) + "\n"
                        for i in range(count))
        threading.Thread(target=lambda: (sock.sendall(lines.encode()), sock.shutdown(socket.SHUT_WR))).start()
        answers = [l.decode().strip() for l in sock.makefile("rb")]
        results[k] = answers

    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seqs = []
    for k, answers in enumerate(results):
        if len(answers) != count or not all(a.startswith("ok ") for a in answers):
            print(f"sender {k}: {len(answers)} answers, first bad: {[a for a in answers if not a.startswith('ok ')][:1]}")
            return 1
        mine = [int(a.split()[1]) for a in answers]
        if mine != sorted(mine):
            print(f"sender {k}: answers out of order")
            return 1
        seqs += mine
    if len(set(seqs)) != len(seqs):
        print("two lines were given the same seq")
        return 1
    print(f"{n} senders x {count} lines: all acknowledged, {len(set(seqs))} distinct seqs")
    return 0


# [SECTION] the crash test

NEXT = {"reported": ["registered", "cancelled"], "registered": ["dispatched", "cancelled"],
        "dispatched": ["accepted", "returned"], "accepted": ["handled", "returned"],
        "handled": ["verified", "returned"], "verified": ["closed"], "returned": ["dispatched", "cancelled"]}


def start_server(gridlink, workspace):
    server = subprocess.Popen([gridlink, "serve", workspace, "--listen", "127.0.0.1:0"],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    for raw in server.stderr:
        line = raw.decode()
        if "listening on" in line:
            threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()
            return server, line.rsplit(" ", 1)[1].strip()
    raise SystemExit("serve did not start: " + str(server.wait()))


def crash(gridlink, workspace, rounds, seed):
    rng = random.Random(seed)
    db = sqlite3.connect(workspace)
    # Free responders: one active task each (docs/feed.md), held from dispatch until the case leaves
    # dispatched/accepted.
    # Those already on a case in the workspace (the incidents layer's responders) are left out.
    resources = [r[0] for r in db.execute(
        "SELECT id FROM resources WHERE status = 'available' AND kind IN ('grid_worker', 'patrol_vehicle') AND id NOT IN "
        "(SELECT resource FROM incidents WHERE state IN ('dispatched', 'accepted') AND resource IS NOT NULL) "
        "ORDER BY id LIMIT 200")]
    last_seq = db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
    db.close()
    state = {}  # case -> state, as the log holds it
    holder = {}  # case -> the resource holding it, as the log holds it
    counter = 0
    total_acked = total_logged = 0
    for r in range(rounds):
        server, address = start_server(gridlink, workspace)
        sock = connect(address)
        sent = []  # (type, id) of every line sent this round, in order
        acked = []
        def read_answers():
            try:
                for raw in sock.makefile("rb"):
                    a = raw.decode().strip()
                    if not a.startswith("ok "):
                        acked.append(("error", a))
                    else:
                        acked.append(("ok", int(a.split()[1])))
            except OSError:
                pass
        reader = threading.Thread(target=read_answers)
        reader.start()
        speculative = dict(state)
        speculative_holder = dict(holder)
        line_resource = []  # the resource each sent line gave its case, or None
        kill_at = time.time() + rng.uniform(0.05, 0.8)
        killer = threading.Timer(kill_at - time.time(), lambda: os.kill(server.pid, signal.SIGKILL))
        killer.start()
        try:
            while time.time() < kill_at + 0.2:
                burst = []
                for _ in range(rng.randint(1, 40)):
                    open_cases = [c for c, s in speculative.items() if s in NEXT]
                    if not open_cases or rng.random() < 0.35:
                        counter += 1
                        case = f"K{seed}-{counter}"
                        speculative[case] = "reported"
                        burst.append(report(case, 120.45 + rng.random() * 0.2, 31.25 + rng.random() * 0.15))
                        sent.append(("incident.reported", case))
                        line_resource.append(None)
                    else:
                        case = rng.choice(open_cases)
                        nxt = rng.choice(NEXT[speculative[case]])
                        event = {"type": "incident." + nxt, "id": case, "t": "2026-11-27T10:00:00+08:00"}
                        given = None
                        if nxt == "dispatched":
                            held = set(speculative_holder.values())
                            free = [x for x in resources if x not in held]
                            if not free:
                                continue
                            given = event["resource"] = rng.choice(free)
                        if nxt in ("returned", "cancelled"):
                            event["reason"] = "测试 test"
                        speculative[case] = nxt
                        if given:
                            speculative_holder[case] = given
                        elif nxt not in ("dispatched", "accepted"):
                            speculative_holder.pop(case, None)
                        burst.append(json.dumps(event, ensure_ascii=False))
                        sent.append(("incident." + nxt, case))
                        line_resource.append(given)
                sock.sendall(("\n".join(burst) + "\n").encode())
                time.sleep(rng.uniform(0, 0.01))
        except OSError:
            pass  # the server died under us: that is the test
        server.wait()
        killer.join()
        reader.join(timeout=10)
        sock.close()

        # What the log holds of this round must be a prefix of what was sent that covers every ack.
        db = sqlite3.connect(workspace)
        rows = db.execute("SELECT seq, type, subject FROM events WHERE seq > ? ORDER BY seq", (last_seq,)).fetchall()
        db.close()
        errors = [a for a in acked if a[0] == "error"]
        if errors:
            print(f"round {r}: a valid line was refused: {errors[0][1]}")
            return 1
        ok_seqs = [a[1] for a in acked]
        if ok_seqs != list(range(last_seq + 1, last_seq + 1 + len(ok_seqs))):
            print(f"round {r}: acknowledged seqs are not consecutive from {last_seq + 1}: {ok_seqs[:5]}...")
            return 1
        if len(rows) < len(ok_seqs):
            print(f"round {r}: LOST: {len(ok_seqs)} lines acknowledged, only {len(rows)} in the log")
            return 1
        if len(rows) > len(sent):
            print(f"round {r}: the log holds {len(rows)} events, more than the {len(sent)} lines sent")
            return 1
        for i, (seq, kind, subject) in enumerate(rows):
            if seq != last_seq + 1 + i or (kind, subject) != sent[i]:
                print(f"round {r}: log row {seq} is {kind} {subject}, line {i + 1} sent was {sent[i]}")
                return 1
        for i, (_, kind, subject) in enumerate(rows):
            state[subject] = kind.split(".", 1)[1]
            if line_resource[i]:
                holder[subject] = line_resource[i]
            elif state[subject] not in ("dispatched", "accepted"):
                holder.pop(subject, None)
        total_acked += len(ok_seqs)
        total_logged += len(rows)
        last_seq += len(rows)

    # A restart shows exactly the log's state: `gridlink cases` rebuilds it, the incidents layer mirrors it.
    out = subprocess.run([gridlink, "cases", workspace], capture_output=True, text=True, check=True).stdout
    shown = {l.split("\t")[0]: l.split("\t")[1] for l in out.splitlines()[1:]}
    mine = {c: s for c, s in state.items()}
    shown_mine = {c: s for c, s in shown.items() if c in mine}
    if shown_mine != mine:
        diff = [(c, mine[c], shown_mine.get(c)) for c in mine if shown_mine.get(c) != mine[c]][:5]
        print(f"after restart the cases differ from the log (case, expected, shown): {diff}")
        return 1
    db = sqlite3.connect(workspace)
    layer = dict(db.execute("SELECT id, state FROM incidents"))
    db.close()
    if {c: layer.get(c) for c in mine} != mine:
        print("the incidents layer differs from the log")
        return 1
    print(f"{rounds} kill -9 rounds: {total_acked} lines acknowledged, {total_logged} in the log "
          f"(the rest were durable but their answer was lost with the process), none lost; "
          f"{len(mine)} cases match after restart")
    return 0


if __name__ == "__main__":
    verb = sys.argv[1]
    if verb == "send":
        sys.exit(send(sys.argv[2]))
    if verb == "senders":
        sys.exit(senders(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    if verb == "crash":
        sys.exit(crash(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
    sys.exit(__doc__)
