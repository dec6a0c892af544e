#!/usr/bin/env python3
"""Generates a realistic ticket export of N rows for benchmarks: ids, 5-12 word titles, 150-600 character
descriptions with commas, quotes, ~5% embedded newlines and non-ASCII text. Usage: generate_tickets.py N OUT.csv"""
import csv, random, sys
from datetime import datetime, timedelta, timezone

WORDS = ("refund invoice charged twice login password crash error export sync slow outage account locked "
         "billing plan upgrade cancel webhook api timeout certificate dashboard mobile app report seat "
         "Rechnung Konto contraseña facture naïve café über résumé 日本語 ☃").split()
CATS = ["billing", "technical", "account", "general", ""]
PRIOS = ["low", "medium", "high", "critical", ""]
STATUS = ["open", "in_progress", "resolved", "closed"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(42)
    start = datetime(2025, 11, 1, tzinfo=timezone.utc)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "title", "description", "category", "priority", "status", "created_at", "resolved_at"])
        for i in range(n):
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))).capitalize()
            target = rng.randint(150, 600)
            parts = []
            length = 0
            while length < target:
                word = rng.choice(WORDS)
                r = rng.random()
                if r < 0.05:
                    word += ","
                elif r < 0.07:
                    word = '"' + word + '"'
                parts.append(word)
                length += len(word) + 1
            description = " ".join(parts)
            if rng.random() < 0.05:
                cut = len(description) // 2
                description = description[:cut] + "\n" + description[cut:]
            created = start + timedelta(seconds=rng.randrange(365 * 86400))
            status = rng.choice(STATUS)
            resolved = (created + timedelta(hours=rng.randint(1, 200))).strftime("%Y-%m-%dT%H:%M:%SZ") \
                if status in ("resolved", "closed") else ""
            w.writerow([f"BM-{i:08d}", title, description, rng.choice(CATS), rng.choice(PRIOS), status,
                        created.strftime("%Y-%m-%dT%H:%M:%SZ"), resolved])


if __name__ == "__main__":
    main()
