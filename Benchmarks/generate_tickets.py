#!/usr/bin/env python3
"""Generates a realistic ticket export of N rows for benchmarks: ids, 5-12 word titles, 150-600 character
descriptions with commas, quotes, ~5% embedded newlines and non-ASCII text. With --columns, also the export's own
columns (assignee, group, channel, tags, first_response_at, satisfaction) and two others kept as attributes.
Usage: generate_tickets.py [--columns] N OUT.csv"""
import csv, random, sys
from datetime import datetime, timedelta, timezone

WORDS = ("refund invoice charged twice login password crash error export sync slow outage account locked "
         "billing plan upgrade cancel webhook api timeout certificate dashboard mobile app report seat "
         "Rechnung Konto contraseña facture naïve café über résumé 日本語 ☃").split()
CATS = ["billing", "technical", "account", "general", ""]
PRIOS = ["low", "medium", "high", "critical", ""]
STATUS = ["open", "in_progress", "resolved", "closed"]


AGENTS = [f"agent{i:02d}" for i in range(40)]
GROUPS = ["Billing", "Tier 1", "Tier 2", "Platform", "Accounts", "Enterprise", "Onboarding", "Escalations"]
CHANNELS = ["email", "web", "chat", "voice", "api"]
TAGS = ["vip", "refund", "bug", "outage", "sso", "mobile", "invoice", "churn-risk", "feature", "how-to"]


def main():
    args = [a for a in sys.argv[1:] if a != "--columns"]
    columns = "--columns" in sys.argv[1:]
    n, out = int(args[0]), args[1]
    rng = random.Random(42)
    start = datetime(2025, 11, 1, tzinfo=timezone.utc)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        header = ["id", "title", "description", "category", "priority", "status", "created_at", "resolved_at"]
        if columns:
            header += ["assignee", "group", "channel", "tags", "first_response_at", "satisfaction", "Region", "Plan"]
        w.writerow(header)
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
            row = [f"BM-{i:08d}", title, description, rng.choice(CATS), rng.choice(PRIOS), status,
                   created.strftime("%Y-%m-%dT%H:%M:%SZ"), resolved]
            if columns:
                reply = (created + timedelta(minutes=rng.randint(1, 600))).strftime("%Y-%m-%dT%H:%M:%SZ") \
                    if rng.random() < 0.8 else ""
                row += [rng.choice(AGENTS), rng.choice(GROUPS), rng.choice(CHANNELS),
                        ",".join(rng.sample(TAGS, rng.randint(0, 3))), reply,
                        rng.choice(["good", "bad", "", "", ""]), rng.choice(["EU", "US", "APAC"]),
                        rng.choice(["free", "pro", "enterprise"])]
            w.writerow(row)


if __name__ == "__main__":
    main()
