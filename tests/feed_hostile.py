#!/usr/bin/env python3
"""Careless and hostile senders for tests/cli_hostile_test.sh: random mutations of valid feed lines,
senders that hang up without reading, and the answers checked line by line.

  feed_hostile.py fuzz HOST:PORT SEED COUNT RESOURCE   COUNT mutated lines on one connection; every
                                                       line answered exactly once, in order, one line each
  feed_hostile.py hangups HOST:PORT ROUNDS             senders that write and close without reading
  feed_hostile.py cpu PID SECONDS                      CPU seconds PID used over SECONDS of wall time
  feed_hostile.py groups HOST:PORT SENDERS BAD         SENDERS senders at once, each with a line for case
                                                       BAD among good ones; prints the answers per sender
"""
import json
import os
import random
import re
import socket
import sys
import threading
import time

ANSWER = re.compile(r"^(ok [0-9]+|error line ([0-9]+): .+)$")
T = "2026-11-27T09:30:00+08:00"


def connect(address):
    host, port = address.rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=60)


def valid_lines(resource):
    """One valid line of every shape the feed takes, as objects (ids are made unique by the caller)."""
    return [
        {"type": "incident.reported", "id": "F", "t": T, "lon": 120.55, "lat": 31.33,
         "category": "city_appearance", "priority": 2, "source": "fuzz", "text": "测试"},
        {"type": "incident.registered", "id": "F", "t": T},
        {"type": "incident.dispatched", "id": "F", "t": T, "resource": resource},
        {"type": "incident.accepted", "id": "F", "t": T, "resource": resource},
        {"type": "incident.summoned", "id": "F", "t": T, "resources": [resource], "radius_m": 500},
        {"type": "incident.returned", "id": "F", "t": T, "reason": "x"},
        {"type": "resource.moved", "id": resource, "t": T, "lon": 120.551, "lat": 31.331},
        {"type": "resource.status", "id": resource, "t": T, "status": "available"},
    ]


WEIRD_VALUES = [None, True, False, 0, -1, 1e308, -1e308, 5e-324, 2**64, -2**63 - 1, "", "x" * 300,
                "\u0000", "a\nb", "\t", "\x1b[31m", "ok 1", "é", [], {}, [[[]]], {"a": {"b": {}}},
                "2026-02-29T10:00:00+08:00", "9999-12-31T23:59:59Z", "2026-11-27T09:30:60+08:00"]
RAW_NUMBERS = ["1e309", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "0.0000000000001",
               "18446744073709551616", "NaN", "Infinity", "1.7976931348623157e309"]


def mutate(rng, obj):
    """A line (bytes) made from a valid object by one or more random faults."""
    obj = json.loads(json.dumps(obj))
    kind = rng.randrange(9)
    if kind == 0:  # a field gets a value of the wrong type, or an absurd one
        key = rng.choice(list(obj.keys()))
        obj[key] = rng.choice(WEIRD_VALUES)
    elif kind == 1:  # a field dropped
        obj.pop(rng.choice(list(obj.keys())))
    elif kind == 2:  # a number that no double holds, in a known or unknown field
        key = rng.choice(list(obj.keys()) + ["extra"])
        obj.pop(key, None)
        text = json.dumps(obj, ensure_ascii=False)[:-1] + ', "%s": %s}' % (key, rng.choice(RAW_NUMBERS))
        return text.encode()
    elif kind == 3:  # deep nesting
        depth = rng.choice([9, 50, 1000, 20000])
        key = rng.choice(list(obj.keys()) + ["extra"])
        text = json.dumps(obj)[:-1] + ', "%s": %s%s}' % (key, "[" * depth, "]" * depth)
        return text.encode()
    data = bytearray(json.dumps(obj, ensure_ascii=False).encode())
    if kind == 4:  # flipped bytes
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
    elif kind == 5:  # truncated
        data = data[:rng.randrange(len(data))]
    elif kind == 6:  # control characters and invalid UTF-8 inside strings
        i = rng.randrange(len(data))
        data[i:i] = rng.choice([b"\x00", b"\x1b", b"\t", b"\r", b"\xff\xfe", b"\xc3", b"\\u0000", b"\\n"])
    elif kind == 7:  # not an object at all
        data = bytearray(rng.choice([b"[]", b"42", b'"x"', b"null", b"{}", b"{" * 5, b"}" * 5, b"\xef\xbb\xbf{}"]))
    else:  # duplicated keys, stray separators
        data = data[:-1] + b', "type": "incident.reported", }'
    # A newline inside would make two lines: the sender's framing, not the server's business here.
    return bytes(data).replace(b"\n", b" ")


def fuzz(address, seed, count, resource):
    rng = random.Random(seed)
    shapes = valid_lines(resource)
    lines = []
    for i in range(count):
        obj = dict(rng.choice(shapes))
        if obj["type"].startswith("incident."):
            obj["id"] = "F%d" % i
        lines.append(mutate(rng, obj) if rng.random() < 0.9 else json.dumps(obj, ensure_ascii=False).encode())
    # Blank lines get no answer; a mutation may leave one blank. Count only the lines that will be answered.
    answered = [i + 1 for i, line in enumerate(lines) if line.strip(b" \t\r")]
    sock = connect(address)
    received = []

    def read_answers():
        f = sock.makefile("rb")
        for raw in f:
            received.append(raw)

    reader = threading.Thread(target=read_answers)
    reader.start()
    sock.sendall(b"".join(line + b"\n" for line in lines))
    sock.shutdown(socket.SHUT_WR)
    reader.join(120)
    problems = []
    if len(received) != len(answered):
        problems.append("%d lines needing an answer, %d answers" % (len(answered), len(received)))
    for n, raw in zip(answered, received):
        text = raw.decode("utf-8", "replace").rstrip("\n")
        m = ANSWER.match(text)
        if not m:
            problems.append("line %d: answer is not one well-formed line: %r" % (n, text[:200]))
        elif m.group(2) and int(m.group(2)) != n:
            problems.append("line %d: answer names line %s: %r" % (n, m.group(2), text[:200]))
        elif "\x00" in text or "\r" in text:
            problems.append("line %d: control character in the answer: %r" % (n, text[:200]))
    oks = sum(1 for raw in received if raw.startswith(b"ok "))
    print("%d lines, %d answers, %d ok, %d errors" % (len(answered), len(received), oks, len(received) - oks))
    for p in problems[:20]:
        print("PROBLEM", p)
    return 1 if problems else 0


def hangups(address, rounds):
    """Senders that write many lines and close at once, some with a reset (SO_LINGER 0)."""
    for r in range(rounds):
        sock = connect(address)
        # Enough lines that their answers come in several commits: the first send of answers reaches a
        # closed socket (which resets), the next ones fail with EPIPE.
        for chunk in range(4):
            body = "".join(json.dumps({"type": "incident.reported", "id": "H%d-%d-%d" % (r, chunk, i), "t": T,
                                       "lon": 120.55, "lat": 31.33, "category": "city_appearance"}) + "\n"
                           for i in range(2000))
            sock.sendall(body.encode())
            time.sleep(0.05)
        if r % 2:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    return 0


def cpu(pid, seconds):
    def used():
        fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    before = used()
    time.sleep(seconds)
    print("%.2f" % (used() - before))
    return 0


def groups(address, senders, bad):
    """SENDERS senders at once; sender 0 sends the line for case BAD in the middle of its lines."""
    answers = [None] * senders
    barrier = threading.Barrier(senders)

    def one(k):
        lines = []
        for i in range(20):
            case = bad if (k == 0 and i == 10) else "G%d-%d" % (k, i)
            lines.append(json.dumps({"type": "incident.reported", "id": case, "t": T, "lon": 120.55, "lat": 31.33,
                                     "category": "city_appearance"}))
        sock = connect(address)
        barrier.wait()
        sock.sendall(("\n".join(lines) + "\n").encode())
        sock.shutdown(socket.SHUT_WR)
        answers[k] = [raw.decode().rstrip("\n") for raw in sock.makefile("rb")]

    threads = [threading.Thread(target=one, args=(k,)) for k in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for k, got in enumerate(answers):
        for i, a in enumerate(got or []):
            print("%d %d %s" % (k, i + 1, a))
    return 0


def main(argv):
    if len(argv) >= 6 and argv[1] == "fuzz":
        return fuzz(argv[2], int(argv[3]), int(argv[4]), argv[5])
    if len(argv) == 4 and argv[1] == "hangups":
        return hangups(argv[2], int(argv[3]))
    if len(argv) == 4 and argv[1] == "cpu":
        return cpu(int(argv[2]), float(argv[3]))
    if len(argv) == 5 and argv[1] == "groups":
        return groups(argv[2], int(argv[3]), argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
